package dev.multimodal.refusal;

/**
 * A caller's value, as a refusal quotes it back: at most {@link #MAX_CHARS} characters, then "…"
 * and how many were left out. A 100,000-character model name once came back in a 100 KB error;
 * every message that names what the caller sent goes through here.
 */
public final class Echo {

    /** Characters of a caller's value that a message repeats. */
    public static final int MAX_CHARS = 64;

    private Echo() {}

    /** The value, cut to {@link #MAX_CHARS} characters (whole code points) when longer; "null" for null. */
    public static String bounded(Object value) {
        String s = String.valueOf(value);
        if (s.length() <= MAX_CHARS) {
            return s;
        }
        int end = MAX_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "… (" + (s.length() - end) + " more characters)";
    }

    /** The value bounded, in single quotes. */
    public static String quoted(Object value) {
        return "'" + bounded(value) + "'";
    }
}
