package dev.multimodal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.api.Overflow;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.Cancellation;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A text request is judged by its size before any native tokenising: one that can never fit the
 * model's queue is refused (413) without the tokenizer being called, one that outgrows its least
 * count stops being tokenised as soon as it has, and a cancelled one is not tokenised at all.
 * Counted by the tokenizer's own count of texts handed to it, not by time.
 */
class TextAdmissionBeforeTokenisingTest {

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void open() throws Exception {
        tokenizer = new TextTokenizer(Path.of("models", TestModels.INT8, "tokenizer.json"), 256);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void aRequestThatCanNeverFitIsRefusedWithoutTokenising() {
        TextEncoder encoder = TestModels.encoder(TestModels.INT8);
        // 16 texts of 20,000 words: at least 20,000 / (the model's limit - 2) windows each, over the queue of 1,024
        int least = 16 * ((20_000 + encoder.maxTokens() - 3) / (encoder.maxTokens() - 2));
        List<String> texts = Collections.nCopies(16, "word ".repeat(20_000));
        long before = encoder.tokenized();
        InputException refused = assertThrows(InputException.class, () -> encoder.encode(texts, Overflow.AVERAGE));
        assertEquals(InputException.Kind.TOO_LARGE, refused.kind());
        assertEquals("texts", refused.field());
        assertTrue(refused.getMessage().contains("at least " + least + " model inputs"), refused.getMessage());
        assertEquals(before, encoder.tokenized(), "no text was handed to the tokenizer");
    }

    @Test
    void aRequestThatOutgrowsItsLeastCountStopsTokenisingOnceItHas() {
        TextEncoder encoder = TestModels.encoder(TestModels.INT8);
        // no white space: a least count of one token a text, but 50,000 tokens in fact
        List<String> texts = Collections.nCopies(16, "x,".repeat(25_000));
        int windows = (50_000 + encoder.maxTokens() - 3) / (encoder.maxTokens() - 2);
        int passing = 1024 / windows + 1; // the text after which the windows so far pass the queue
        long before = encoder.tokenized();
        InputException refused = assertThrows(InputException.class, () -> encoder.encode(texts, Overflow.AVERAGE));
        assertEquals(InputException.Kind.TOO_LARGE, refused.kind());
        long tokenised = encoder.tokenized() - before;
        assertEquals(passing, tokenised, "stopped after the text that passed the queue");
    }

    @Test
    void aCancelledRequestIsNotTokenised() {
        TextEncoder encoder = TestModels.encoder(TestModels.INT8);
        Cancellation cancel = Cancellation.create();
        cancel.cancel();
        long before = encoder.tokenized();
        assertThrows(
                CancellationException.class, () -> encoder.encode(List.of("one", "two"), Overflow.TRUNCATE, cancel));
        assertEquals(before, encoder.tokenized());
    }

    @Test
    void theLeastCountNeverExceedsTheRealOne() {
        List<String> texts = List.of(
                "hello world",
                "Ünïcödé àccents, and punctuation!!! (lots) of it...",
                "東京は日本の首都です。",
                "emoji 🙂🙂 and symbols © ® ™ 1+1=2",
                "a\u0301b\u0302c tab\tnew\nline",
                "word ".repeat(3_000),
                "x,".repeat(5_000),
                "supercalifragilisticexpialidocious".repeat(50),
                "CamelCaseIdentifiersAndSnake_case_names 12345678901234567890");
        for (String text : texts) {
            TextTokenizer.Windows windows = tokenizer.windows(text);
            assertTrue(TextTokenizer.leastTokens(text) <= windows.tokens() - 2, text);
            assertTrue(tokenizer.leastWindows(text) <= windows.parts().size(), text);
        }
    }
}
