package dev.multimodal.scoring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkable facts of a sentence — numbers, and capitalised words past its first word — and
 * which of them a document never mentions. Sentence embeddings barely move when "12%" becomes
 * "21%" or "Oslo" becomes "Bergen"; this is the signal that does.
 */
final class Facts {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*");

    private final Set<String> documentNumbers = new LinkedHashSet<>();
    private final Set<String> documentWords = new LinkedHashSet<>();

    Facts(String document) {
        Matcher n = NUMBER.matcher(document);
        while (n.find()) {
            documentNumbers.add(n.group());
        }
        Matcher w = WORD.matcher(document);
        while (w.find()) {
            documentWords.add(w.group().toLowerCase(Locale.ROOT));
        }
    }

    /** The facts of {@code sentence}, and the ones the document lacks. */
    Check check(String sentence) {
        List<String> facts = new ArrayList<>();
        Matcher n = NUMBER.matcher(sentence);
        while (n.find()) {
            facts.add(n.group());
        }
        Matcher w = WORD.matcher(sentence);
        boolean first = true;
        while (w.find()) {
            String word = w.group();
            if (!first && Character.isUpperCase(word.charAt(0))) {
                facts.add(word);
            }
            first = false;
        }
        List<String> missing = new ArrayList<>();
        for (String fact : facts) {
            boolean known = Character.isDigit(fact.charAt(0))
                    ? documentNumbers.contains(fact)
                    : documentWords.contains(fact.toLowerCase(Locale.ROOT));
            if (!known) {
                missing.add(fact);
            }
        }
        return new Check(facts.size(), missing);
    }

    record Check(int facts, List<String> unsupported) {

        /** Share of the sentence's facts that the document backs; 1 with no facts. */
        double supported() {
            return facts == 0 ? 1.0 : 1.0 - (double) unsupported.size() / facts;
        }
    }
}
