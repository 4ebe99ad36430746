package dev.multimodal.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.api.Overflow;
import dev.multimodal.runtime.Vectors;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paraphrases land closer together than unrelated sentences, for both bundled models. */
class SemanticTest {

    static final List<List<String>> PARAPHRASES = List.of(
            List.of("The cat is sleeping on the sofa.", "A kitten naps on the couch."),
            List.of("How do I reset my password?", "I forgot my password, how can I change it?"),
            List.of(
                    "The train to Berlin was delayed by an hour.",
                    "Our Berlin-bound train arrived sixty minutes late."),
            List.of("She bought fresh vegetables at the market.", "At the market she purchased fresh produce."),
            List.of(
                    "The company reported record profits this quarter.",
                    "This quarter the firm earned more than ever before."));

    @ParameterizedTest
    @ValueSource(strings = {TestModels.INT8, TestModels.FP32})
    void paraphrasesAreCloserThanUnrelatedSentences(String model) {
        TextEncoder encoder = TestModels.encoder(model);
        for (int i = 0; i < PARAPHRASES.size(); i++) {
            List<TextEmbedding> pair =
                    encoder.encode(PARAPHRASES.get(i), Overflow.TRUNCATE).join();
            double paraphrase = Vectors.cosine(pair.get(0).vector(), pair.get(1).vector());
            for (int j = 0; j < PARAPHRASES.size(); j++) {
                if (j == i) {
                    continue;
                }
                float[] other = encoder.encode(List.of(PARAPHRASES.get(j).get(1)), Overflow.TRUNCATE)
                        .join()
                        .get(0)
                        .vector();
                double unrelated = Vectors.cosine(pair.get(0).vector(), other);
                assertTrue(
                        paraphrase > unrelated + 0.1,
                        model + ": '" + PARAPHRASES.get(i).get(0) + "' paraphrase " + paraphrase + " vs unrelated "
                                + unrelated);
            }
        }
    }
}
