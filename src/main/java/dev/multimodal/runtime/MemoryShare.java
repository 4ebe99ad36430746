package dev.multimodal.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/**
 * The memory this process has, and the share of it that the work in flight may hold: the rule the
 * admission budgets (decoded pixels, characters of text) take their defaults from, so that a small
 * pod gets small budgets instead of the fixed numbers of a large one.
 * <p>
 * The share is the smaller of the maximum heap and a quarter of the memory limit (the container's
 * limit, or {@code -XX:MaxRAM} where set, or the machine's memory): the heap bounds what Java can
 * hold, and the limit bounds what the whole process (ONNX Runtime's arenas, the tokenizer's native
 * buffers, decoded images on their way to tensors) may reach before the pod is killed. With the
 * JVM's default heap (a quarter of the limit) both are the same number.
 * <p>
 * Costs per unit, estimates that bench/hostile's 1 GiB profile checks (docs/drain-and-admission.md;
 * at 32 bytes a pixel an 8 MP image took that profile's RSS to 1017 MiB, hence 64):
 * a decoded pixel {@value #BYTES_PER_PIXEL} bytes (the decoded raster, its copies on the way to a
 * tensor, the tensor), a character of text {@value #BYTES_PER_CHAR} bytes (the token ids and word
 * ids of its windows, the windows, and the tokenizer's own output for the text being tokenised), a
 * decoded audio sample {@value #BYTES_PER_SAMPLE} bytes (the float, the copy of its speech segment,
 * the front end's frames).
 *
 * @param heapBytes  {@link Runtime#maxMemory()}
 * @param limitBytes the memory limit of the process
 */
public record MemoryShare(long heapBytes, long limitBytes) {

    public static final long BYTES_PER_PIXEL = 64;
    public static final long BYTES_PER_CHAR = 16;
    public static final long BYTES_PER_SAMPLE = 16;

    /** Budgets never go below these, so that a tiny heap still serves one small request at a time. */
    static final long MIN_PIXELS = 1_000_000;

    static final long MIN_CHARS = 100_000;

    /** 30 s at 16 kHz. */
    static final long MIN_SAMPLES = 480_000;

    public MemoryShare {
        if (heapBytes < 1 || limitBytes < 1) {
            throw new IllegalArgumentException(
                    "memory sizes must be positive: heap " + heapBytes + ", limit " + limitBytes);
        }
    }

    /** This JVM's heap and limit. */
    public static MemoryShare ofThisProcess() {
        return new MemoryShare(Runtime.getRuntime().maxMemory(), limit());
    }

    /** The bytes the work in flight may hold. */
    public long bytes() {
        return Math.min(heapBytes, limitBytes / 4);
    }

    /** The default of {@code mmf.image.max-pixels-in-flight}. */
    public long pixels() {
        return Math.max(MIN_PIXELS, bytes() / BYTES_PER_PIXEL);
    }

    /** The default of {@code mmf.text.max-chars-in-flight}. */
    public long chars() {
        return Math.max(MIN_CHARS, bytes() / BYTES_PER_CHAR);
    }

    /**
     * The default of {@code mmf.audio.max-samples-in-flight}: from half of the heap at most, since
     * the speech decoders may hold the other half (audio.Sphinx4Recognizer admits them so).
     */
    public long samples() {
        return Math.max(MIN_SAMPLES, Math.min(bytes(), heapBytes / 2) / BYTES_PER_SAMPLE);
    }

    /** The container's (or machine's) memory, or {@code -XX:MaxRAM} where it was set and is smaller. */
    static long limit() {
        long limit = Long.MAX_VALUE;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize(); // the container's limit where there is one (JDK 17)
            if (total > 0) {
                limit = total;
            }
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            var maxRam = hotspot.getVMOption("MaxRAM");
            if (maxRam.getOrigin() != VMOption.Origin.DEFAULT) {
                limit = Math.min(limit, Long.parseLong(maxRam.getValue()));
            }
        } catch (RuntimeException e) {
            // not HotSpot: the operating system's figure stands
        }
        return limit == Long.MAX_VALUE ? Runtime.getRuntime().maxMemory() * 4 : limit;
    }
}
