package dev.multimodal.ocr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a reading is from the truth: character error rate (edit distance over the truth's
 * length) with white space squashed to single spaces and with it removed, the share of the
 * truth's words found, the truth lines not found anywhere in the reading, and reading-order
 * inversions (consecutive truth lines found in the reading in the wrong order).
 */
public record OcrScore(
        int truthChars,
        int errors,
        int truthCharsNoSpace,
        int errorsNoSpace,
        int words,
        int wordsFound,
        int lines,
        int linesMissed,
        int inversions) {

    /** A truth line is found when it matches some stretch of the reading with at most this share of errors. */
    public static final double LINE_FOUND = 0.25;

    public static OcrScore of(List<String> truthLines, String reading) {
        String truth = squash(String.join(" ", truthLines));
        String read = squash(reading);
        int errors = distance(truth, read);
        String truthNs = truth.replace(" ", "");
        String readNs = read.replace(" ", "");
        int errorsNs = distance(truthNs, readNs);
        Map<String, Integer> bag = new HashMap<>();
        for (String w : read.split(" ")) {
            if (!w.isEmpty()) {
                bag.merge(w, 1, Integer::sum);
            }
        }
        int words = 0;
        int found = 0;
        for (String w : truth.split(" ")) {
            if (w.isEmpty()) {
                continue;
            }
            words++;
            Integer n = bag.get(w);
            if (n != null && n > 0) {
                found++;
                bag.put(w, n - 1);
            }
        }
        int missed = 0;
        int inversions = 0;
        int previousEnd = -1;
        for (String line : truthLines) {
            String l = squash(line).replace(" ", "");
            if (l.isEmpty()) {
                continue;
            }
            int[] match = substringMatch(l, readNs);
            if (match[0] > LINE_FOUND * l.length()) {
                missed++;
                continue;
            }
            if (previousEnd >= 0 && match[1] < previousEnd) {
                inversions++;
            }
            previousEnd = match[1];
        }
        return new OcrScore(
                truth.length(),
                errors,
                truthNs.length(),
                errorsNs,
                words,
                found,
                truthLines.size(),
                missed,
                inversions);
    }

    public double cer() {
        return truthChars == 0 ? 0 : errors / (double) truthChars;
    }

    public double cerNoSpace() {
        return truthCharsNoSpace == 0 ? 0 : errorsNoSpace / (double) truthCharsNoSpace;
    }

    public double wordAccuracy() {
        return words == 0 ? 1 : wordsFound / (double) words;
    }

    public OcrScore plus(OcrScore o) {
        return new OcrScore(
                truthChars + o.truthChars,
                errors + o.errors,
                truthCharsNoSpace + o.truthCharsNoSpace,
                errorsNoSpace + o.errorsNoSpace,
                words + o.words,
                wordsFound + o.wordsFound,
                lines + o.lines,
                linesMissed + o.linesMissed,
                inversions + o.inversions);
    }

    public static final OcrScore ZERO = new OcrScore(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Runs of white space become one space; the ends are trimmed. */
    public static String squash(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The fewest edits that turn {@code needle} into some stretch of {@code text}, and where that stretch ends. */
    static int[] substringMatch(String needle, String text) {
        int[] previous = new int[text.length() + 1];
        int[] current = new int[text.length() + 1];
        for (int i = 1; i <= needle.length(); i++) {
            current[0] = i;
            char c = needle.charAt(i - 1);
            for (int j = 1; j <= text.length(); j++) {
                int substitute = previous[j - 1] + (c == text.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        int best = Integer.MAX_VALUE;
        int end = 0;
        for (int j = 0; j <= text.length(); j++) {
            if (previous[j] < best) {
                best = previous[j];
                end = j;
            }
        }
        return new int[] {best, end};
    }
}
