package dev.multimodal.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    private static final long CLS = 101;
    private static final long SEP = 102;
    private static TextTokenizer tokenizer;
    private static TextTokenizer unlimited;

    @BeforeAll
    static void open() throws Exception {
        var path = TestModels.DIR.resolve(TestModels.INT8).resolve("tokenizer.json");
        tokenizer = new TextTokenizer(path, 16);
        unlimited = new TextTokenizer(path, 100_000);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        unlimited.close();
    }

    @Test
    void aPreloadedTokenizerIsTakenOnceByTheSameFileAndLimit() throws Exception {
        var path = TestModels.DIR.resolve(TestModels.INT8).resolve("tokenizer.json");
        TextTokenizer.dropPreloaded();
        assertTrue(TextTokenizer.preload(path, 24));
        assertTrue(TextTokenizer.preload(path, 24), "a second preload keeps the first");
        assertEquals(1, TextTokenizer.preloaded());
        try (TextTokenizer other = TextTokenizer.open(path, 32)) {
            assertEquals(1, TextTokenizer.preloaded(), "another limit is another tokenizer");
            assertEquals(32, other.maxTokens());
        }
        try (TextTokenizer taken = TextTokenizer.open(path, 24)) {
            assertEquals(0, TextTokenizer.preloaded(), "taken");
            assertEquals(24, taken.maxTokens());
            assertArrayEquals(
                    new long[] {CLS, 7592, 2088, SEP},
                    taken.tokenize(List.of("Hello world")).get(0).ids());
        }
        try (TextTokenizer fresh = TextTokenizer.open(path, 24)) {
            assertArrayEquals(
                    new long[] {CLS, 7592, 2088, SEP},
                    fresh.tokenize(List.of("Hello world")).get(0).ids(),
                    "a second open loads its own");
        }
        assertFalse(
                TextTokenizer.preload(path.resolveSibling("no-such-tokenizer.json"), 24),
                "a missing file is left for open to report");
        assertEquals(0, TextTokenizer.preloaded());
        assertTrue(TextTokenizer.preload(path, 24));
        TextTokenizer.dropPreloaded();
        assertEquals(0, TextTokenizer.preloaded(), "dropped");
    }

    @Test
    void shortTextsKeepEveryTokenWithTheSpecialTokens() {
        TokenizedText t = tokenizer.tokenize(List.of("Hello world")).get(0);
        assertArrayEquals(new long[] {CLS, 7592, 2088, SEP}, t.ids());
        assertEquals(4, t.tokens());
        assertFalse(t.truncated());
    }

    @Test
    void longTextsAreCutAtTheLimitAndSaySo() {
        String text =
                "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
        TokenizedText t = tokenizer.tokenize(List.of(text)).get(0);
        long[] all = unlimited.tokenize(List.of(text)).get(0).ids();
        assertEquals(16, t.ids().length);
        assertEquals(all.length, t.tokens());
        assertTrue(t.truncated());
        assertEquals(CLS, t.ids()[0]);
        assertEquals(SEP, t.ids()[15]);
        assertArrayEquals(Arrays.copyOf(all, 15), Arrays.copyOf(t.ids(), 15));
    }

    @Test
    void aVeryLongTextIsTokenisedOnlyAsFarAsTheLimitNeedsWithTheSameTokens() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() <= 3 * TextTokenizer.COUNTED_CHARS; i++) {
            sb.append(i % 7 == 0 ? "internationalization" : "whale").append(i % 11 == 0 ? ",\n" : " ");
        }
        String text = sb.toString();
        long[] all = unlimited.tokenize(List.of(text)).get(0).ids();
        long encodedBefore = tokenizer.encoded();
        TokenizedText t = tokenizer.tokenize(List.of(text)).get(0);
        assertTrue(t.truncated());
        assertEquals(16, t.ids().length);
        assertArrayEquals(Arrays.copyOf(all, 15), Arrays.copyOf(t.ids(), 15), "the whole text's first tokens");
        assertEquals(SEP, t.ids()[15]);
        assertTrue(t.tokens() > 16 && t.tokens() < all.length / 10, "counted in a prefix: " + t.tokens());
        assertEquals(1, tokenizer.encoded() - encodedBefore, "the first prefix passed the limit");
    }

    @Test
    void aLongPrefixWithoutEnoughTokensGrowsUntilTheLimitOrTheEnd() {
        // one 40,000-character word (one unknown token), then a sentence: the first prefixes end at
        // the word's end and hold 3 tokens; the next reaches into the sentence
        String text = "x".repeat(40_000) + " " + "one two three four five six seven eight nine ten ".repeat(400);
        long[] all = unlimited.tokenize(List.of(text)).get(0).ids();
        TokenizedText t = tokenizer.tokenize(List.of(text)).get(0);
        assertTrue(t.truncated());
        assertArrayEquals(Arrays.copyOf(all, 15), Arrays.copyOf(t.ids(), 15));
        // long, but few tokens: tokenised whole, exact count, not truncated
        String sparse = "hello" + " ".repeat(2 * TextTokenizer.COUNTED_CHARS) + "world";
        TokenizedText s = tokenizer.tokenize(List.of(sparse)).get(0);
        assertFalse(s.truncated());
        assertArrayEquals(new long[] {CLS, 7592, 2088, SEP}, s.ids());
        assertEquals(4, s.tokens());
    }

    @Test
    void aPrefixEndsOnlyAtAsciiSpaceTabOrLineBreak() {
        assertEquals(5, TextTokenizer.whiteSpaceFrom("ab\u001Fcd ef", 1));
        assertEquals(2, TextTokenizer.whiteSpaceFrom("ab\ncd", 0));
        assertEquals(-1, TextTokenizer.whiteSpaceFrom("ab\u3000cd", 0));
    }

    @Test
    void windowsCoverTheWholeTextWithoutSplittingWords() {
        String text = "internationalization unbelievably ".repeat(20) + "end";
        TextTokenizer.Windows windows = tokenizer.windows(text);
        long[] all = unlimited.tokenize(List.of(text)).get(0).ids();
        assertEquals(all.length, windows.tokens());
        assertTrue(windows.parts().size() > 1);
        long[] joined = windows.parts().stream()
                .flatMapToLong(w -> {
                    assertTrue(w.length <= 16, "window fits the model");
                    assertEquals(CLS, w[0]);
                    assertEquals(SEP, w[w.length - 1]);
                    return Arrays.stream(w, 1, w.length - 1);
                })
                .toArray();
        assertArrayEquals(Arrays.copyOfRange(all, 1, all.length - 1), joined, "every content token once, in order");
        for (long[] w : windows.parts().subList(1, windows.parts().size())) {
            // "internationalization" is several word pieces: a window never starts inside it
            assertTrue(
                    w[1] == all[1]
                            || w[1]
                                    == unlimited
                                            .tokenize(List.of("unbelievably"))
                                            .get(0)
                                            .ids()[1]
                            || w[1] == unlimited.tokenize(List.of("end")).get(0).ids()[1],
                    "window starts on a word");
        }
    }

    @Test
    void aShortTextIsOneWindow() {
        TextTokenizer.Windows windows = tokenizer.windows("Hello world");
        assertEquals(1, windows.parts().size());
        assertArrayEquals(new long[] {CLS, 7592, 2088, SEP}, windows.parts().get(0));
    }
}
