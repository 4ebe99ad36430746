package dev.multimodal.api;

import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;

/** How parts become one vector. */
public enum FusionStrategy implements Labelled {
    WEIGHTED_AVERAGE("weighted-average"),
    MAX("max"),
    MIN("min"),
    MEDIAN("median"),
    CONCAT("concat"),
    ATTENTION("attention"),
    /** An ONNX fusion head over the concatenated parts; run by the caller, which holds the model. */
    LEARNED("learned");

    private final String label;

    FusionStrategy(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static FusionStrategy parse(String value) {
        FusionStrategy found = value == null ? null : Labels.findIgnoringCase(FusionStrategy.class, value.trim());
        if (found != null) {
            return found;
        }
        throw InputException.badRequest(
                "strategy",
                "unknown strategy " + Echo.quoted(value)
                        + "; use weighted-average, max, min, median, concat, attention or learned");
    }
}
