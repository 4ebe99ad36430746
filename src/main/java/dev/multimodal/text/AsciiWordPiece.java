package dev.multimodal.text;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ids a BERT WordPiece {@code tokenizer.json} gives a plain ASCII text, computed in Java: what
 * the Rust tokenizer does for such a text, without its cost. A ten-word sentence took 23-35 µs
 * through DJL (the encoding, its offsets, and the JNI calls that copy each of its fields), on the
 * event loop, for every text of every request; here it takes a few. Only texts and tokenizers whose
 * result is known exactly are taken:
 * <ul>
 *   <li>the tokenizer: a {@code BertNormalizer} that cleans and lowercases, the
 *       {@code BertPreTokenizer}, a {@code WordPiece} model, and a {@code TemplateProcessing} or
 *       {@code BertProcessing} post-processor that frames one sequence with special tokens
 *       ({@link WordPieceJson} gives null for any other);</li>
 *   <li>the text: every character below U+0080, and none of the tokenizer's added tokens (such as
 *       {@code [MASK]}) in it, as written or lowercased ({@link #ids} gives null for any other).</li>
 * </ul>
 * For such a text the normaliser removes the control characters other than tab, line feed and
 * carriage return, turns those three into spaces and lowercases; accents and Chinese characters
 * cannot occur. The pre-tokenizer splits at spaces and isolates each ASCII punctuation character,
 * and WordPiece takes the longest piece in the vocabulary from the left, {@code ##} before every
 * piece but a word's first; a word it cannot cut, or longer than its limit, is one unknown token.
 * {@code AsciiWordPieceTest} checks the ids against the Rust tokenizer's over many random texts.
 */
final class AsciiWordPiece {

    private final Map<String, Integer> vocab;
    private final int unknown;
    private final String continuing;
    private final int maxWordChars;
    /**
     * The longest piece in the vocabulary (18 characters in all-MiniLM's): no longer candidate can
     * match, so a 100-character word costs a few hundred lookups, not thousands of substrings.
     */
    private final int longestPiece;

    private final long[] opening;
    private final long[] closing;
    /** The added tokens' contents, lowercased: a text holding one goes to the Rust tokenizer. */
    private final String[] added;
    /** Their first characters, lowercased, for the common case of a text that holds none. */
    private final boolean[] addedStart = new boolean[128];

    AsciiWordPiece(
            Map<String, Integer> vocab,
            int unknown,
            String continuing,
            int maxWordChars,
            long[] opening,
            long[] closing,
            List<String> added) {
        this.vocab = vocab;
        this.unknown = unknown;
        this.continuing = continuing;
        this.maxWordChars = maxWordChars;
        this.longestPiece =
                vocab.keySet().stream().mapToInt(String::length).max().orElse(0);
        this.opening = opening;
        this.closing = closing;
        this.added = added.toArray(String[]::new);
        for (String content : this.added) {
            char first = content.charAt(0);
            if (first < 128) {
                addedStart[first] = true;
            }
        }
    }

    /** The tokenizer at {@code tokenizerJson}, or null when it is not one this class reproduces exactly. */
    static AsciiWordPiece read(Path tokenizerJson) {
        return WordPieceJson.read(tokenizerJson);
    }

    /** The text's ids with the special tokens, or null when the text is not one this class takes. */
    long[] ids(String text) {
        int length = text.length();
        char[] normal = new char[length];
        int used = 0;
        boolean mayHoldAdded = false;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                return null;
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            mayHoldAdded |= addedStart[lower]; // where an added token may start in the raw text
            if (c == '\t' || c == '\n' || c == '\r') {
                normal[used++] = ' ';
                mayHoldAdded |= addedStart[' ']; // or in the normal form
            } else if (c >= 0x20 && c != 0x7f) { // other C0 controls and DEL are dropped
                normal[used++] = lower;
            }
        }
        if (mayHoldAdded && holdsAdded(text, normal, used)) {
            return null;
        }
        long[] ids = new long[opening.length + used + closing.length];
        System.arraycopy(opening, 0, ids, 0, opening.length);
        int count = opening.length;
        int i = 0;
        while (i < used) {
            char c = normal[i];
            if (c == ' ') {
                i++;
            } else if (punctuation(c)) {
                count = word(normal, i, i + 1, ids, count);
                i++;
            } else {
                int start = i;
                while (i < used && normal[i] != ' ' && !punctuation(normal[i])) {
                    i++;
                }
                count = word(normal, start, i, ids, count);
            }
        }
        System.arraycopy(closing, 0, ids, count, closing.length);
        return Arrays.copyOf(ids, count + closing.length);
    }

    /**
     * Whether an added token's text occurs in the raw text or in its normal form, either lowercased:
     * the Rust tokenizer matches added tokens before normalising (or after, for those marked
     * {@code normalized}), and such a text is left to it.
     */
    private boolean holdsAdded(String text, char[] normal, int used) {
        String raw = text.toLowerCase(Locale.ROOT);
        String normalised = new String(normal, 0, used);
        for (String content : added) {
            if (raw.contains(content) || normalised.contains(content)) {
                return true;
            }
        }
        return false;
    }

    /** Rust's {@code is_ascii_punctuation}: what the BERT pre-tokenizer isolates in ASCII text. */
    private static boolean punctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }

    /** WordPiece over {@code normal[start, end)}: its pieces' ids written at {@code count}; the new count. */
    private int word(char[] normal, int start, int end, long[] ids, int count) {
        if (end - start > maxWordChars) {
            ids[count] = unknown;
            return count + 1;
        }
        int written = count;
        int from = start;
        while (from < end) {
            Integer piece = null;
            int to = Math.min(end, from + longestPiece);
            while (from < to) {
                String candidate = new String(normal, from, to - from);
                piece = vocab.get(from == start ? candidate : continuing + candidate);
                if (piece != null) {
                    break;
                }
                to--;
            }
            if (piece == null) {
                ids[count] = unknown; // a word with a part that no piece covers is one unknown token
                return count + 1;
            }
            ids[written++] = piece;
            from = to;
        }
        return written;
    }

    /**
     * An {@link AsciiWordPiece} read on a thread of its own once its tokenizer is in use (after
     * {@value #READ_AFTER} texts): the file's 30,000 pieces take 0.1-0.5 s of CPU in a young JVM,
     * which neither the start nor its first requests should share two cores with, and which a process
     * that tokenises a few texts never needs. Until it is read, {@link #ids} declines every text.
     */
    static final class Lazy {

        static final int READ_AFTER = 64;

        private final Path tokenizerJson;
        private final AtomicInteger asked = new AtomicInteger();
        private final AtomicBoolean reading = new AtomicBoolean();
        private final CompletableFuture<AsciiWordPiece> read = new CompletableFuture<>();
        private volatile AsciiWordPiece ready;

        Lazy(Path tokenizerJson) {
            this.tokenizerJson = tokenizerJson;
        }

        /** As {@link AsciiWordPiece#ids}; null also while it is not read yet. */
        long[] ids(String text) {
            AsciiWordPiece words = ready;
            if (words != null) {
                return words.ids(text);
            }
            if (!reading.get() && asked.incrementAndGet() >= READ_AFTER) {
                start();
            }
            return null;
        }

        /** Reads it now if it is not being read, and waits: whether the tokenizer is one it covers. */
        boolean await() {
            start();
            return read.join() != null;
        }

        private void start() {
            if (!reading.compareAndSet(false, true)) {
                return;
            }
            Thread reader = new Thread(
                    () -> {
                        AsciiWordPiece words = read(tokenizerJson);
                        ready = words;
                        read.complete(words);
                    },
                    "tokenizer-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }
}
