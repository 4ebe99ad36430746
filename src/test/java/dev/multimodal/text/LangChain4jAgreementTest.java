package dev.multimodal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.multimodal.TestModels;
import dev.multimodal.api.Overflow;
import dev.multimodal.runtime.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our vectors against LangChain4j's in-process all-MiniLM-L6-v2, the implementation a Java user
 * would otherwise pick. Same weights, so fp32 must agree to cosine ≥ 0.9999 for varied texts,
 * whether a text is encoded alone or batched with others of different lengths (LangChain4j cuts a
 * text at the tokenizer's 128 tokens, as we do, so long texts agree too).
 * <p>
 * The int8 model quantises its activations with one scale per input tensor, so a text's int8
 * vector depends on its batch-mates: alone it matches LangChain4j's int8 model exactly; batched it
 * must stay as close to the fp32 reference as int8 itself is (quantisation, not batching, is what
 * moves it).
 */
class LangChain4jAgreementTest {

    static final String LONG = Stream.generate(() -> "The quick brown fox jumps over the lazy dog near the riverbank.")
            .limit(40)
            .reduce("", (a, b) -> a + " " + b)
            .trim();

    static final List<String> TEXTS = List.of(
            "Hello world",
            "A man is playing a guitar on the street.",
            "The stock market fell sharply after the central bank raised interest rates.",
            "Photosynthesis converts light energy into chemical energy stored in glucose.",
            "hi",
            "?!?...;;;",
            "--- *** ---",
            "Ünïcödé àccents café naïve façade",
            "Привет, как дела? Это тест на русском языке.",
            "東京は日本の首都です。",
            "我喜欢在周末去公园散步。",
            "안녕하세요, 만나서 반갑습니다.",
            "I love pizza 🍕🍕 and tacos 🌮!",
            "😀😃😄😁",
            "e = mc^2, ∑x² ≥ 0, π ≈ 3.14159",
            "URL: https://example.org/path?q=1&r=2 #anchor",
            "    leading and trailing spaces    ",
            "Line one\nLine two\tTabbed",
            "THE SAME SENTENCE IN CAPITALS",
            "the same sentence in capitals",
            "A".repeat(300),
            LONG,
            LONG + " And one more sentence at the very end that falls past the limit.");

    @Test
    void fp32AgreesWithLangChain4jAloneAndBatched() {
        TextEncoder encoder = TestModels.encoder(TestModels.FP32);
        EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        List<TextEmbedding> batched = encoder.encode(TEXTS, Overflow.TRUNCATE).join();
        List<CompletableFuture<List<TextEmbedding>>> concurrent = new ArrayList<>();
        for (String text : TEXTS) {
            concurrent.add(encoder.encode(List.of(text), Overflow.TRUNCATE));
        }
        double worst = 1;
        String worstText = "";
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = reference.embed(TEXTS.get(i)).content().vector();
            float[] alone = encoder.encode(List.of(TEXTS.get(i)), Overflow.TRUNCATE)
                    .join()
                    .get(0)
                    .vector();
            for (float[] ours : List.of(
                    alone,
                    batched.get(i).vector(),
                    concurrent.get(i).join().get(0).vector())) {
                assertEquals(expected.length, ours.length);
                double cosine = Vectors.cosine(expected, ours);
                if (cosine < worst) {
                    worst = cosine;
                    worstText = TEXTS.get(i);
                }
            }
        }
        System.out.printf(
                "%s vs LangChain4j: worst cosine %.6f over %d texts (%s)%n",
                TestModels.FP32,
                worst,
                TEXTS.size(),
                worstText.length() > 40 ? worstText.substring(0, 40) + "…" : worstText);
        assertTrue(worst >= 0.9999, "worst cosine " + worst + " for '" + worstText + "'");
        assertTrue(batched.get(TEXTS.size() - 1).truncated(), "the long text is reported truncated");
        assertTrue(batched.get(TEXTS.size() - 1).tokens() > encoder.maxTokens());
        assertEquals(128, encoder.maxTokens());
    }

    @Test
    void int8AloneAgreesWithLangChain4jAndBatchingCostsNoMoreThanQuantisation() {
        TextEncoder encoder = TestModels.encoder(TestModels.INT8);
        EmbeddingModel int8Reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        EmbeddingModel fp32Reference = new AllMiniLmL6V2EmbeddingModel();
        List<TextEmbedding> batched = encoder.encode(TEXTS, Overflow.TRUNCATE).join();
        double worstAlone = 1;
        double worstBatchedVsFp32 = 1;
        double worstInt8VsFp32 = 1;
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] alone = encoder.encode(List.of(TEXTS.get(i)), Overflow.TRUNCATE)
                    .join()
                    .get(0)
                    .vector();
            float[] fp32 = fp32Reference.embed(TEXTS.get(i)).content().vector();
            worstAlone = Math.min(
                    worstAlone,
                    Vectors.cosine(
                            alone, int8Reference.embed(TEXTS.get(i)).content().vector()));
            worstInt8VsFp32 = Math.min(worstInt8VsFp32, Vectors.cosine(alone, fp32));
            worstBatchedVsFp32 =
                    Math.min(worstBatchedVsFp32, Vectors.cosine(batched.get(i).vector(), fp32));
        }
        System.out.printf(
                "int8: alone vs LangChain4j int8 %.6f; vs fp32: alone %.6f, batched %.6f%n",
                worstAlone, worstInt8VsFp32, worstBatchedVsFp32);
        assertTrue(worstAlone >= 0.9999, "int8 alone vs LangChain4j int8: " + worstAlone);
        assertTrue(
                worstBatchedVsFp32 >= worstInt8VsFp32 - 0.01,
                "batched int8 drifts from fp32 (" + worstBatchedVsFp32 + ") beyond int8's own error (" + worstInt8VsFp32
                        + ")");
    }
}
