package dev.multimodal.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.multimodal.runtime.StartupLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model's {@code tokenizer.json} through DJL's Rust tokenizers, run offline. The tokenizer's own
 * truncation and padding are turned off: we count every token of a text, cut it ourselves at the
 * model's limit (keeping the closing special token), and pad per batch, not per text.
 */
public final class TextTokenizer implements AutoCloseable {

    static {
        DjlOffline.prepare();
    }

    /** Tokenizers loaded ahead of their encoder (on the early-models thread), by file and limit. */
    private static final Map<String, TextTokenizer> PRELOADED = new ConcurrentHashMap<>();

    private final HuggingFaceTokenizer tokenizer;
    /** The same ids for plain ASCII texts without the native call, once the tokenizer is in use. */
    private final AsciiWordPiece.Lazy ascii;

    private final int maxTokens;
    private final AtomicLong encoded = new AtomicLong();

    /**
     * Loads {@code tokenizerJson} now, for the next {@link #open} of the same file and limit to take:
     * the early-models thread loads a text model's tokenizer beside the framework's start, instead of
     * the main thread loading it after. A failure is left for {@link #open} to meet and report.
     */
    public static boolean preload(Path tokenizerJson, int maxTokens) {
        String key = key(tokenizerJson, maxTokens);
        if (PRELOADED.containsKey(key)) {
            return true;
        }
        try {
            TextTokenizer loaded = new TextTokenizer(tokenizerJson, maxTokens);
            if (PRELOADED.putIfAbsent(key, loaded) != null) {
                loaded.close();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            // open() loads it again and reports the failure where a model's errors are reported
            return false;
        }
    }

    /** How many preloaded tokenizers wait to be taken. */
    public static int preloaded() {
        return PRELOADED.size();
    }

    /** The tokenizer preloaded for this file and limit, taken (once), or a new one. */
    public static TextTokenizer open(Path tokenizerJson, int maxTokens) throws IOException {
        TextTokenizer preloaded = PRELOADED.remove(key(tokenizerJson, maxTokens));
        return preloaded != null ? preloaded : new TextTokenizer(tokenizerJson, maxTokens);
    }

    /** Closes every preloaded tokenizer nobody took (the early models were loaded for another plan). */
    public static void dropPreloaded() {
        PRELOADED.keySet().forEach(key -> {
            TextTokenizer t = PRELOADED.remove(key);
            if (t != null) {
                t.close();
            }
        });
    }

    private static String key(Path tokenizerJson, int maxTokens) {
        return tokenizerJson.toAbsolutePath().normalize() + "#" + maxTokens;
    }

    public TextTokenizer(Path tokenizerJson, int maxTokens) throws IOException {
        long started = System.nanoTime();
        this.tokenizer = HuggingFaceTokenizer.newInstance(
                tokenizerJson, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
        this.ascii = new AsciiWordPiece.Lazy(tokenizerJson);
        StartupLog.phase(
                "tokenizer", tokenizerJson.getParent().getFileName() + "/" + tokenizerJson.getFileName(), started);
        this.maxTokens = maxTokens;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /**
     * One text at a time on the caller's thread: the batch call hands the work to the tokenizer's
     * own thread pool, whose hand-over and spinning cost more than a short text's encoding.
     */
    public List<TokenizedText> tokenize(List<String> texts) {
        List<TokenizedText> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            result.add(tokenizeOne(text));
        }
        return result;
    }

    /**
     * A text up to {@value #COUNTED_CHARS} characters is tokenised whole, so its count is exact. A
     * longer one is tokenised from its start, in prefixes cut at white space and growing fourfold,
     * until a prefix passes the limit: the tokens kept are then exactly the whole text's first ones
     * (normalisers work character by character, and every pre-tokenizer we serve splits at white
     * space), and the count is that prefix's, a lower bound. Tokenising all 100,000 characters of a
     * text took 41-49 ms here against 3 ms for 8,192 of them; 256 such texts were 12 s of one core.
     */
    private TokenizedText tokenizeOne(String text) {
        if (text.length() > COUNTED_CHARS) {
            int chars = Math.max(1024, maxTokens * CHARS_PER_TOKEN);
            int cut;
            while (chars < text.length() && (cut = whiteSpaceFrom(text, chars)) > 0) {
                long[] ids = ids(text.substring(0, cut));
                if (ids.length > maxTokens) {
                    return truncate(ids, ids.length);
                }
                chars = (int) Math.min(Integer.MAX_VALUE, Math.max(4L * chars, cut + 1L));
            }
        }
        long[] ids = ids(text);
        return truncate(ids, ids.length);
    }

    /** The text's ids, special tokens included: in Java for a plain ASCII text where it can, else natively. */
    long[] ids(String text) {
        long[] ids = ascii.ids(text);
        if (ids == null) {
            return encode(text).getIds();
        }
        encoded.incrementAndGet();
        return ids;
    }

    /** The Rust tokenizer's ids for the text, whatever it holds (for tests that compare the two). */
    long[] nativeIds(String text) {
        return tokenizer.encode(text).getIds();
    }

    /** Whether plain ASCII texts are tokenised in Java ({@link AsciiWordPiece}), once it has been read. */
    boolean javaForAscii() {
        return ascii.await();
    }

    /** Texts longer than this are tokenised only as far as the limit needs ({@link #tokenizeOne}). */
    public static final int COUNTED_CHARS = 32_768;

    /** The first prefix tried: 64 characters per token of the limit, beyond any word piece's length. */
    private static final int CHARS_PER_TOKEN = 64;

    /**
     * The index of the first ASCII space, tab or line break at or after {@code from}, where a prefix
     * may end, or -1. Not any Unicode white space: a normaliser drops some control characters that
     * Java calls white space (U+001C-U+001F), and the letters on either side would then be one word.
     */
    static int whiteSpaceFrom(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private TokenizedText truncate(long[] ids, int tokens) {
        if (ids.length <= maxTokens) {
            return new TokenizedText(ids, tokens, false);
        }
        long[] cut = Arrays.copyOf(ids, maxTokens);
        cut[maxTokens - 1] = ids[ids.length - 1];
        return new TokenizedText(cut, tokens, true);
    }

    /**
     * Splits a text into windows that each fit the model, every window framed by the special tokens
     * and none splitting a word, for embedding a long text as a whole.
     */
    public Windows windows(String text) {
        return windows(text, maxTokens, 0);
    }

    /**
     * As {@link #windows(String)}, with windows of at most {@code size} tokens (capped at the model's
     * limit), each starting {@code overlap} tokens (moved back to a word start) before the previous
     * one ended, so that no sentence is only ever seen cut in two.
     */
    public Windows windows(String text, int size, int overlap) {
        int limit = Math.max(3, Math.min(size, maxTokens));
        Encoding encoding = encode(text);
        long[] ids = encoding.getIds();
        long[] words = encoding.getWordIds();
        if (ids.length <= limit) {
            return new Windows(List.of(ids), ids.length);
        }
        long open = ids[0];
        long close = ids[ids.length - 1];
        int contentEnd = ids.length - 1;
        int room = limit - 2;
        int back = Math.max(0, Math.min(overlap, room / 2));
        List<long[]> windows = new ArrayList<>();
        int from = 1;
        while (from < contentEnd) {
            int to = Math.min(from + room, contentEnd);
            if (to < contentEnd) {
                to = wordStart(words, to, from);
            }
            long[] window = new long[to - from + 2];
            window[0] = open;
            System.arraycopy(ids, from, window, 1, to - from);
            window[window.length - 1] = close;
            windows.add(window);
            if (to >= contentEnd) {
                break;
            }
            int next = back == 0 ? to : wordStart(words, to - back, from + 1);
            from = next > from ? next : to;
        }
        return new Windows(windows, ids.length);
    }

    /** The start of the word holding token {@code at}, no earlier than {@code floor}. */
    private static int wordStart(long[] words, int at, int floor) {
        int start = at;
        while (start > floor && words[start] >= 0 && words[start] == words[start - 1]) {
            start--;
        }
        return start > floor ? start : at;
    }

    private Encoding encode(String text) {
        encoded.incrementAndGet();
        return tokenizer.encode(text);
    }

    /** Texts tokenised so far (natively or in Java): what admission before tokenising saves shows here. */
    public long encoded() {
        return encoded.get();
    }

    /**
     * At least how many windows {@link #windows(String)} cuts {@code text} into, counted without
     * tokenising: a linear scan in Java, so that a request that can never fit is refused from its
     * size before any native work. Every run of characters between ASCII white space that holds a
     * letter or a digit gives at least one token in a WordPiece, BPE or Unigram tokenizer alike
     * (normalisers drop accents and control characters, never letters), and a window holds at most
     * the model's limit less its two special tokens.
     */
    public int leastWindows(String text) {
        int room = Math.max(3, maxTokens) - 2;
        return Math.max(1, (leastTokens(text) + room - 1) / room);
    }

    static int leastTokens(String text) {
        int tokens = 0;
        boolean inRun = false;
        boolean counted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                inRun = false;
                continue;
            }
            if (!inRun) {
                inRun = true;
                counted = false;
            }
            if (!counted && Character.isLetterOrDigit(c)) {
                counted = true;
                tokens++;
            }
        }
        return tokens;
    }

    /** A long text cut into model-sized windows; {@code tokens} counts the whole text. */
    public record Windows(List<long[]> parts, int tokens) {}

    @Override
    public void close() {
        tokenizer.close();
    }
}
