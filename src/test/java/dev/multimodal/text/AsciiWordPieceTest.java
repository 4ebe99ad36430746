package dev.multimodal.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java WordPiece gives the Rust tokenizer's ids, to the id, for every ASCII text it takes, and
 * takes the texts a client sends (it is no fallback that never runs).
 */
class AsciiWordPieceTest {

    private static Path path;
    private static TextTokenizer tokenizer;
    private static AsciiWordPiece java;
    private static List<String> pieces;

    @BeforeAll
    static void open() throws Exception {
        path = TestModels.DIR.resolve(TestModels.INT8).resolve("tokenizer.json");
        tokenizer = new TextTokenizer(path, 100_000);
        java = AsciiWordPiece.read(path);
        pieces = new ArrayList<>();
        for (Iterator<String> it = new ObjectMapper()
                        .readTree(path.toFile())
                        .path("model")
                        .path("vocab")
                        .fieldNames();
                it.hasNext(); ) {
            pieces.add(it.next());
        }
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static void same(String text) {
        long[] ids = java.ids(text);
        assertNotNull(ids, () -> "not taken: " + printable(text));
        assertArrayEquals(tokenizer.nativeIds(text), ids, () -> printable(text));
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
        return out.append('"').toString();
    }

    @Test
    void sentencesLikeTheBenchmarksAndHandPickedTextsGetTheRustIds() {
        String[] adjectives = {"modern", "tiny", "famous", "quiet", "bright", "ancient", "clumsy", "gentle"};
        String[] nouns = {"engineer", "library", "harbour", "bicycle", "airport", "printer", "station", "forest"};
        String[] verbs = {"watches", "ignores", "cleans", "repairs", "paints", "follows", "describes", "visits"};
        Random random = new Random(1);
        for (int i = 0; i < 2_000; i++) {
            same("The " + adjectives[random.nextInt(8)] + " " + nouns[random.nextInt(8)] + " "
                    + verbs[random.nextInt(8)] + " a " + adjectives[random.nextInt(8)] + " "
                    + nouns[random.nextInt(8)] + " near the " + nouns[random.nextInt(8)] + ".");
        }
        for (String text : List.of(
                "",
                " ",
                "Hello world",
                "HELLO, World!!! It's 3.14 o'clock; don't-stop/go?",
                "tab\there\nnew line\r\nand\u000bvertical\u000cfeed\u001fsep\u007fdel\u0000nul",
                "unaffable unbelievably antidisestablishmentarianism",
                "a".repeat(100),
                "a".repeat(101),
                "x" + "ab".repeat(60) + " short",
                "e-mail: someone@example.com, https://example.org/a?b=c&d=e#f",
                "[ CLS ] [SEP ] [UNK [mask",
                "~`!@#$%^&*()_+-={}|[]\\:\";'<>?,./",
                "1234567890 007 3.0e8 0x1f",
                "qzxjv wvwxyz zzzzzzzzz")) {
            same(text);
        }
    }

    @Test
    void randomAsciiTextsGetTheRustIds() {
        Random random = new Random(20261208);
        int taken = 0;
        int texts = 20_000;
        for (int n = 0; n < texts; n++) {
            String text = randomText(random);
            long[] ids = java.ids(text);
            if (ids == null) {
                continue;
            }
            taken++;
            assertArrayEquals(tokenizer.nativeIds(text), ids, () -> printable(text));
        }
        assertTrue(taken > texts * 0.9, "most random ASCII texts are taken: " + taken);
    }

    /** Vocabulary pieces in any case, with punctuation, digits, control characters, white space, long runs. */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int parts = 1 + random.nextInt(12);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    String piece = pieces.get(random.nextInt(pieces.size())).replace("##", "");
                    text.append(random.nextBoolean() ? piece : piece.toUpperCase());
                }
                case 2 -> {
                    for (int i = random.nextInt(8); i >= 0; i--) {
                        text.append((char) random.nextInt(128));
                    }
                }
                case 3 -> text.append(" \t\n\r".charAt(random.nextInt(4)));
                case 4 -> text.append("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".charAt(random.nextInt(32)));
                default ->
                    text.append(
                            String.valueOf((char) ('a' + random.nextInt(26))).repeat(1 + random.nextInt(120)));
            }
            if (random.nextInt(3) > 0) {
                text.append(' ');
            }
        }
        return text.toString().chars().allMatch(c -> c < 128) ? text.toString() : "";
    }

    @Test
    void textsWithOtherCharactersOrAnAddedTokenGoToTheRustTokenizer() {
        assertNull(java.ids("café"), "not ASCII");
        assertNull(java.ids("a \u00a0 b"), "not ASCII white space");
        assertNull(java.ids("fill the [MASK] here"), "an added token");
        assertNull(java.ids("[cls] as written lowercased"), "an added token, lowercased");
        assertNull(java.ids("[CL\u0001S] its normal form holds one"), "an added token after cleaning");
        for (String text : List.of("café", "fill the [MASK] here", "[CL\u0001S] x")) {
            assertArrayEquals(tokenizer.nativeIds(text), tokenizer.ids(text), text);
        }
    }

    @Test
    void theTokenizerUsesItForAsciiTexts() {
        assertTrue(tokenizer.javaForAscii());
        long before = tokenizer.encoded();
        assertArrayEquals(
                tokenizer.nativeIds("The quick brown fox."),
                tokenizer.tokenize(List.of("The quick brown fox.")).get(0).ids());
        assertEquals(1, tokenizer.encoded() - before, "counted as tokenised");
    }

    @Test
    void itIsReadOnlyOnceItsTokenizerIsInUse() throws Exception {
        AsciiWordPiece.Lazy lazy = new AsciiWordPiece.Lazy(path);
        for (int i = 1; i < AsciiWordPiece.Lazy.READ_AFTER; i++) {
            assertNull(lazy.ids("hello world"), "not read before it is in use: " + i);
        }
        Thread.sleep(200);
        assertNull(lazy.ids("hello world"), "nothing read it meanwhile: this call starts the read");
        long deadline = System.nanoTime() + 30_000_000_000L;
        long[] ids = null;
        while (ids == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
            ids = lazy.ids("hello world");
        }
        assertArrayEquals(tokenizer.nativeIds("hello world"), ids);
    }

    @Test
    void anAddedTokenIsFoundWhereverItMayStart() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(path.toFile());
        com.fasterxml.jackson.databind.node.ArrayNode added =
                (com.fasterxml.jackson.databind.node.ArrayNode) json.path("added_tokens");
        added.addObject().put("id", 30_522).put("content", "\tzq");
        added.addObject().put("id", 30_523).put("content", " qz");
        AsciiWordPiece words = WordPieceJson.of(json);
        assertNull(words.ids("a\tzq"), "one that starts with a control character, as written");
        assertNull(words.ids("a\nqz"), "one that starts with a space, in the normal form");
        assertNotNull(words.ids("a zq"));
    }

    @Test
    void otherTokenizersAreNotTaken() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(path.toFile());
        assertNotNull(WordPieceJson.of(json));
        ObjectNode cased = json.deepCopy();
        ((ObjectNode) cased.path("normalizer")).put("lowercase", false);
        assertNull(WordPieceJson.of(cased), "a cased model");
        ObjectNode bpe = json.deepCopy();
        ((ObjectNode) bpe.path("model")).put("type", "BPE");
        assertNull(WordPieceJson.of(bpe), "another model");
        ObjectNode metaspace = json.deepCopy();
        ((ObjectNode) metaspace.path("pre_tokenizer")).put("type", "Metaspace");
        assertNull(WordPieceJson.of(metaspace), "another pre-tokenizer");
        ObjectNode noFrame = json.deepCopy();
        noFrame.putNull("post_processor");
        assertNull(WordPieceJson.of(noFrame), "no post-processor read here");
    }
}
