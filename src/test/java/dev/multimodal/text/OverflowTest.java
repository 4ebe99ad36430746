package dev.multimodal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.api.Overflow;
import dev.multimodal.runtime.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long texts: truncate (the default) keeps the start; average weighs every window by its length. */
class OverflowTest {

    private final TextEncoder encoder = TestModels.encoder(TestModels.FP32);

    private static final String FIRST = "Whales are large marine mammals that breathe air and nurse their young. ";
    private static final String SECOND = "Compilers translate source code into machine instructions for processors. ";

    @Test
    void averageIsTheLengthWeightedMeanOfTheWindows() throws Exception {
        String text = FIRST.repeat(12) + SECOND.repeat(12);
        TextEmbedding averaged =
                encoder.encode(List.of(text), Overflow.AVERAGE).join().get(0);
        TextEmbedding truncated =
                encoder.encode(List.of(text), Overflow.TRUNCATE).join().get(0);

        try (TextTokenizer tokenizer =
                new TextTokenizer(TestModels.DIR.resolve(TestModels.FP32).resolve("tokenizer.json"), 128)) {
            TextTokenizer.Windows windows = tokenizer.windows(text);
            assertTrue(windows.parts().size() >= 3);
            float[] expected = new float[384];
            int total = 0;
            for (long[] part : windows.parts()) {
                float[] pooled = encoder.batcher().submit(part).join();
                for (int j = 0; j < expected.length; j++) {
                    expected[j] += pooled[j] * (part.length - 2);
                }
                total += part.length - 2;
            }
            assertEquals(windows.tokens() - 2, total);
            assertEquals(1.0, Vectors.cosine(expected, averaged.vector()), 1e-5);
            assertEquals(windows.tokens(), averaged.tokens());
        }
        assertFalse(averaged.truncated());
        assertTrue(truncated.truncated());

        // the truncated vector only knows about whales; the average also knows about compilers
        float[] whales =
                encoder.encode(List.of(FIRST), Overflow.TRUNCATE).join().get(0).vector();
        float[] compilers =
                encoder.encode(List.of(SECOND), Overflow.TRUNCATE).join().get(0).vector();
        assertTrue(Vectors.cosine(averaged.vector(), compilers) > Vectors.cosine(truncated.vector(), compilers) + 0.2);
        assertTrue(Vectors.cosine(truncated.vector(), whales) > 0.8);
    }

    @Test
    void shortTextsAreTheSameEitherWay() {
        List<String> texts = List.of("A short sentence.", "Another one, a little longer than the first.");
        List<TextEmbedding> a = encoder.encode(texts, Overflow.AVERAGE).join();
        List<TextEmbedding> t = encoder.encode(texts, Overflow.TRUNCATE).join();
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(1.0, Vectors.cosine(a.get(i).vector(), t.get(i).vector()), 1e-5);
            assertEquals(t.get(i).tokens(), a.get(i).tokens());
        }
    }
}
