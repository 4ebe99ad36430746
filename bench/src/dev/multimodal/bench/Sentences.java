package dev.multimodal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A fixed corpus of short, varied English sentences (about 12 tokens each), the same every run. */
final class Sentences {

    private static final String[] ADJECTIVES = {
        "quiet", "bright", "old", "busy", "tiny", "famous", "rusty", "green", "hungry", "careful", "distant", "modern",
        "broken", "gentle", "crowded", "wooden"
    };
    private static final String[] NOUNS = {
        "engineer",
        "river",
        "market",
        "teacher",
        "bicycle",
        "garden",
        "harbour",
        "printer",
        "violin",
        "museum",
        "tractor",
        "library",
        "dragon",
        "kitchen",
        "airport",
        "satellite"
    };
    private static final String[] VERBS = {
        "watches",
        "repairs",
        "paints",
        "follows",
        "visits",
        "describes",
        "carries",
        "ignores",
        "cleans",
        "measures",
        "photographs",
        "admires"
    };
    private static final String[] PLACES = {
        "station", "bridge", "school", "beach", "office", "forest", "hospital", "stadium", "village", "factory"
    };

    private Sentences() {}

    static List<String> corpus(int count) {
        Random random = new Random(42);
        List<String> sentences = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sentences.add("The " + pick(random, ADJECTIVES) + " " + pick(random, NOUNS) + " " + pick(random, VERBS)
                    + " a " + pick(random, ADJECTIVES) + " " + pick(random, NOUNS) + " near the "
                    + pick(random, PLACES) + ".");
        }
        return sentences;
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }
}
