package dev.multimodal.runtime;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One account of the heap for everything that holds it per request or per model: the admission
 * budgets (request bodies, decoded pixels, decoded audio samples, characters of text) each draw their
 * cost in bytes from it as well as from their own capacity, and models that hold heap for as long as
 * they live (Sphinx4's decoders) reserve it. Each budget alone was sized as if the others did not
 * exist: in a 1 GiB pod a speech decoder, a 4K clip's keyframes, its recording's samples and the
 * bodies of the requests queued behind it together outgrew the heap they each took half of.
 * <p>
 * The work in flight may hold the process's share ({@link MemoryShare#bytes}) less what the models
 * reserved, and never more than the heap left beside them. A request is admitted when its cost fits
 * beside the others' or when no other request holds anything, so that one request, however large, is
 * never refused forever: the costs a request adds as it goes (its body, then its frames, then its
 * recording's samples) count as its own, by the owner each admission names (its HTTP request).
 * <p>
 * One account serves the whole process ({@link #ofThisProcess}); it exists before any bean, since
 * the models load beside the framework's start.
 */
public final class MemoryAccount {

    /**
     * Where an HTTP request carries its owner in this account (its routing context's data), so that
     * every admission of one request names the same owner, through whatever wrapper it sees the request.
     */
    public static final String OWNER_KEY = "mmf.memory.owner";

    private static final MemoryAccount PROCESS = new MemoryAccount(MemoryShare.ofThisProcess());

    private final long heapBytes;
    private final long shareBytes;
    private final Map<Object, Long> byOwner = new IdentityHashMap<>();
    private long reserved;
    private long inFlight;

    public MemoryAccount(MemoryShare share) {
        this.heapBytes = share.heapBytes();
        this.shareBytes = share.bytes();
    }

    /** The process's account. */
    public static MemoryAccount ofThisProcess() {
        return PROCESS;
    }

    /** An account no smaller than {@code bytes}, for tests and tools. */
    public static MemoryAccount of(long bytes) {
        return new MemoryAccount(new MemoryShare(bytes, bytes * 4));
    }

    /** What the work in flight may hold now: the share, less the models' reservations. */
    public synchronized long workCapacity() {
        return Math.max(0, Math.min(shareBytes, heapBytes - reserved));
    }

    public synchronized long reserved() {
        return reserved;
    }

    public synchronized long inFlight() {
        return inFlight;
    }

    /**
     * Holds {@code bytes} for a model for as long as it lives (never refused: the model has bounded
     * itself, as Sphinx4's decoders do by the heap); close it when the model lets them go.
     */
    public Reservation reserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a reservation cannot be negative: " + bytes);
        }
        synchronized (this) {
            reserved += bytes;
        }
        return new Reservation(bytes);
    }

    /** A model's hold on the heap. */
    public final class Reservation implements AutoCloseable {

        private long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            synchronized (MemoryAccount.this) {
                reserved = Math.max(0, reserved - bytes);
                bytes = 0;
            }
        }
    }

    /**
     * Takes {@code bytes} for {@code owner} (null: a holder of its own) if they fit beside the others'
     * work, or if no other owner holds anything; the caller gives them back with {@link #release}.
     */
    public synchronized boolean tryAcquire(long bytes, Object owner) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a cost cannot be negative: " + bytes);
        }
        long own = owner == null ? 0 : byOwner.getOrDefault(owner, 0L);
        boolean fits = inFlight - own == 0 || bytes <= workCapacity() - inFlight;
        if (fits) {
            inFlight += bytes;
            if (owner != null) {
                byOwner.merge(owner, bytes, Long::sum);
            }
        }
        return fits;
    }

    public synchronized void release(long bytes, Object owner) {
        inFlight = Math.max(0, inFlight - bytes);
        if (owner != null) {
            byOwner.computeIfPresent(owner, (k, held) -> held - bytes > 0 ? held - bytes : null);
        }
    }

    /** Why a cost of {@code bytes} is refused now, for the refusal's message. */
    public synchronized String refusal(long bytes) {
        return "the requests in flight hold " + mib(inFlight) + " MiB of the " + mib(workCapacity())
                + " MiB this process gives to work in flight (the smaller of its heap and a quarter of its memory"
                + " limit, less " + mib(reserved) + " MiB that models hold while they live), and this one needs "
                + mib(bytes) + " MiB more";
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
