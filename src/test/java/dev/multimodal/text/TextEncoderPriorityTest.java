package dev.multimodal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multimodal.TestModels;
import dev.multimodal.runtime.Niceness;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A text model's workers run at the event loops' priority, not at {@link Niceness#BACKGROUND} as
 * image and OCR work does: at nice 10 each short batch waited behind any other work on the machine
 * (docs/benchmarks.md, issue 25).
 */
class TextEncoderPriorityTest {

    @Test
    void aTextModelsWorkersKeepTheEventLoopsPriority() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "thread priorities: Linux only");
        assumeTrue(Niceness.current() != null, "/proc/thread-self/stat readable");
        TextEncoder encoder = TestModels.encoder(TestModels.INT8);
        Integer nice =
                encoder.batcher().submitAlone(0, run -> Niceness.current()).get(30, TimeUnit.SECONDS);
        assertEquals(Niceness.current(), nice);
    }
}
