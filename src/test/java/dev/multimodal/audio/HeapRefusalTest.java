package dev.multimodal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.OverloadedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A recording whose decoded samples the heap cannot hold is a 503 naming the samples budget, not an
 * OutOfMemoryError that the service would answer 500: checked in a JVM of its own with a 48 MiB
 * heap, decoding 590 s of audio (a 38 MB array of samples), since no test JVM beside other tests can
 * run out of heap on purpose.
 */
class HeapRefusalTest {

    @Test
    void samplesTheHeapCannotHoldAreRefusedAsOverload() throws Exception {
        Path recording = TestAudio.lowRateOpus("heap-refusal", "sine=f=440:r=16000", 590);
        Process java = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx48m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SmallHeap.class.getName(),
                        recording.toString()))
                .redirectErrorStream(true)
                .start();
        assertTrue(java.waitFor(3, TimeUnit.MINUTES), "the small-heap JVM finished");
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, java.exitValue(), out);
        assertTrue(out.contains("refused: OverloadedException"), out);
        assertTrue(out.contains("mmf.audio.max-samples-in-flight"), out);
    }

    /** Decodes its argument with the default limits and says how that ended. */
    public static final class SmallHeap {
        public static void main(String[] args) throws IOException {
            byte[] bytes = Files.readAllBytes(Path.of(args[0]));
            try {
                DecodedAudio audio = new AudioDecoder(AudioLimits.defaults()).decode(bytes, "audio");
                System.out.println("decoded: " + audio.samples().length);
            } catch (OverloadedException e) {
                System.out.println("refused: OverloadedException: " + e.getMessage());
            }
        }
    }
}
