package dev.multimodal.service;

import dev.multimodal.api.Labelled;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The steps of the analysis chain, in order, each with the function that runs it as a CloudEvent. The
 * media steps come before encode-text, which encodes its text in the space of the first medium. An
 * analysis goes only through the steps that have work for it ({@link ChainRouting}): a skippable step
 * is left out when its medium (or, for encode-text, its text) is absent; fuse and score always run.
 */
public enum ChainStep implements Labelled {
    ENCODE_IMAGE("encode-image", "analyze-image", true),
    ENCODE_AUDIO("encode-audio", "analyze-audio", true),
    ENCODE_VIDEO("encode-video", "analyze-video", true),
    ENCODE_TEXT("encode-text", "analyze-text", true),
    FUSE("fuse", "analyze-fuse", false),
    SCORE("score", "analyze-score", false);

    /**
     * The chain's entry as a CloudEvent function: it takes the request type, checks the inputs and
     * answers with the type of the first step that has work, so no step's Service starts for an
     * analysis it would only pass on (Knative Triggers cannot look into the data to choose).
     */
    public static final String ROUTE_FUNCTION = "analyze-route";

    private final String label;
    private final String function;
    private final boolean skippable;

    ChainStep(String label, String function, boolean skippable) {
        this.label = label;
        this.function = function;
        this.skippable = skippable;
    }

    /** The step's name in an envelope's timings. */
    @Override
    public String label() {
        return label;
    }

    /** The CloudEvent function that runs this step on its own. */
    public String function() {
        return function;
    }

    public static Optional<ChainStep> ofFunction(String function) {
        return Arrays.stream(values()).filter(s -> s.function.equals(function)).findFirst();
    }

    /**
     * The steps that may come right after {@code function} (a step's or {@link #ROUTE_FUNCTION}) for
     * some envelope: the later ones up to the first that always runs. Empty for the last step and for a
     * function outside the chain. These are the types its answer can carry, so each needs a Trigger.
     */
    public static List<ChainStep> candidatesAfter(String function) {
        if (function.equals(ROUTE_FUNCTION)) {
            // the route refuses an analysis without a medium, so a medium's step always comes first
            return List.of(ENCODE_IMAGE, ENCODE_AUDIO, ENCODE_VIDEO);
        }
        Optional<ChainStep> step = ofFunction(function);
        if (step.isEmpty()) {
            return List.of();
        }
        int from = step.get().ordinal() + 1;
        ChainStep[] all = values();
        int to = from;
        while (to < all.length && all[to].skippable) {
            to++;
        }
        return List.of(all).subList(from, Math.min(to + 1, all.length));
    }
}
