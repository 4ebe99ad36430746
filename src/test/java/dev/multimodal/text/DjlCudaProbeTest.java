package dev.multimodal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loading a tokenizer does not run DJL's CUDA probe: JNA is never loaded and {@code ldconfig} never
 * runs. Checked in a JVM of its own, whose class loading is logged, because the tokenizers' native
 * library and DJL's CUDA state are per process.
 */
class DjlCudaProbeTest {

    /** The child JVM: loads a tokenizer and tokenizes a text, as the service's encoders do. */
    public static final class LoadOne {
        public static void main(String[] args) throws Exception {
            try (TextTokenizer tokenizer = new TextTokenizer(Path.of(args[0]), 16)) {
                System.out.println("ids "
                        + Arrays.toString(tokenizer
                                .tokenize(List.of("Hello world"))
                                .get(0)
                                .ids()));
            }
            System.out.println("fork switch " + System.getProperty(DjlOffline.DJL_CUDA_FORK));
            System.out.println("gpus " + ai.djl.util.cuda.CudaUtils.getGpuCount());
        }
    }

    @Test
    void aTokenizerLoadsWithoutJnaAndWithoutForkingAProbe() throws Exception {
        Path tokenizer = TestModels.DIR.resolve(TestModels.INT8).resolve("tokenizer.json");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout",
                "-cp",
                System.getProperty("java.class.path"),
                LoadOne.class.getName(),
                tokenizer.toAbsolutePath().toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("ids [101, 7592, 2088, 102]"), "the tokenizer works:\n" + tail(output));
        assertTrue(output.contains("fork switch null"), "DJL's switch is cleared again:\n" + tail(output));
        assertTrue(output.contains("gpus 0"), tail(output));
        assertTrue(
                output.contains("ai.djl.util.cuda.CudaUtils "), "DJL's CUDA class was initialised:\n" + tail(output));
        assertFalse(output.contains("com.sun.jna.Native "), "JNA was loaded for DJL's CUDA probe");
    }

    @Test
    void aSwitchSetBySomeoneElseIsLeftAlone() {
        String before = System.getProperty(DjlOffline.DJL_CUDA_FORK);
        System.setProperty(DjlOffline.DJL_CUDA_FORK, "false");
        try {
            DjlOffline.skipDjlCudaProbe();
            assertEquals("false", System.getProperty(DjlOffline.DJL_CUDA_FORK));
        } finally {
            if (before == null) {
                System.clearProperty(DjlOffline.DJL_CUDA_FORK);
            } else {
                System.setProperty(DjlOffline.DJL_CUDA_FORK, before);
            }
        }
        assertNull(before, "nothing in the tests sets DJL's switch");
    }

    private static String tail(String output) {
        String[] lines = output.lines().filter(l -> !l.contains("[class,load]")).toArray(String[]::new);
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 20), lines.length));
    }
}
