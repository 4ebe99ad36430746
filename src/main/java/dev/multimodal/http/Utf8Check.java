package dev.multimodal.http;

/**
 * Strict UTF-8 (RFC 3629), fed in pieces: JSON's only encoding between systems (RFC 8259). Jackson
 * decoded an overlong {@code C0 AF} as "/" and took UTF-8-encoded surrogates, so a body that no
 * strict decoder reads, or that says one thing to a filter and another to the model, was served.
 * Refused here: overlong forms, surrogates (ED A0..BF), code points past U+10FFFF, a continuation
 * byte without a lead, a lead without its continuations (also at the end), and the bytes C0, C1 and
 * F5..FF.
 */
final class Utf8Check {

    private int needed;
    private int lower = 0x80;
    private int upper = 0xBF;
    private long offset;
    private long sequenceStart;

    /**
     * Checks the next {@code length} bytes; returns the offset in the whole stream of the first
     * sequence that is not UTF-8, or -1.
     */
    long feed(byte[] bytes, int from, int length) {
        for (int i = from, end = from + length; i < end; i++, offset++) {
            int b = bytes[i] & 0xFF;
            if (needed == 0) {
                if (b < 0x80) {
                    continue;
                }
                sequenceStart = offset;
                if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    needed = 2;
                    lower = b == 0xE0 ? 0xA0 : 0x80;
                    upper = b == 0xED ? 0x9F : 0xBF;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    needed = 3;
                    lower = b == 0xF0 ? 0x90 : 0x80;
                    upper = b == 0xF4 ? 0x8F : 0xBF;
                } else {
                    return offset;
                }
            } else {
                if (b < lower || b > upper) {
                    return sequenceStart;
                }
                lower = 0x80;
                upper = 0xBF;
                needed--;
            }
        }
        return -1;
    }

    /** At the end of the input: the offset of a sequence left unfinished, or -1. */
    long finish() {
        return needed == 0 ? -1 : sequenceStart;
    }

    /** The offset of the first sequence of {@code bytes} that is not UTF-8, or -1. */
    static long firstInvalid(byte[] bytes) {
        Utf8Check check = new Utf8Check();
        long at = check.feed(bytes, 0, bytes.length);
        return at >= 0 ? at : check.finish();
    }

    static String message(long offset) {
        return "the request body is not valid UTF-8 (at byte " + offset + "): JSON text must be UTF-8, without "
                + "overlong forms, encoded surrogates or cut-off sequences";
    }
}
