package dev.multimodal.api;

import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import java.util.Locale;

/** How parts become one vector. */
public enum FusionStrategy {
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

    public String label() {
        return label;
    }

    public static FusionStrategy parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (FusionStrategy s : values()) {
            if (s.label.equals(wanted)) {
                return s;
            }
        }
        throw InputException.badRequest(
                "strategy",
                "unknown strategy " + Echo.quoted(value)
                        + "; use weighted-average, max, min, median, concat, attention or learned");
    }
}
