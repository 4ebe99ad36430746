package dev.multimodal.runtime;

import dev.multimodal.refusal.InputException;
import java.util.function.BiConsumer;

/**
 * The one check that what a model computed is a number: every vector leaves its model through
 * {@link #check} (the text and image encoders, the heads; OCR's vectors are its text model's). A NaN or
 * an infinity is never answered: the request fails with a 503 that names the model, and the model is
 * reported to whoever {@link #onFault watches} (the service marks it FAILED, so readiness turns DOWN).
 * A model does not produce NaN for valid input by chance: its weights or graph are damaged, so it
 * stays out of service until the process restarts and verifies it again.
 */
public final class FiniteOutputs {

    /** Thrown for a non-finite output: a 503 on field {@code model} that names the model. */
    public static final class NonFiniteOutputException extends InputException {

        private final String modelId;

        NonFiniteOutputException(String modelId, String value) {
            super(
                    Kind.UNAVAILABLE,
                    "model",
                    "model '" + modelId + "' computed " + value
                            + " in its output; it is out of service until it is verified again (restart; see /q/health/ready)");
            this.modelId = modelId;
        }

        public String modelId() {
            return modelId;
        }
    }

    private static volatile BiConsumer<String, String> watcher = (model, problem) -> {};

    private FiniteOutputs() {}

    /** Who hears of a model's non-finite output: (model id, problem). One watcher per process. */
    public static void onFault(BiConsumer<String, String> watcher) {
        FiniteOutputs.watcher = watcher == null ? (model, problem) -> {} : watcher;
    }

    /** {@code values} when every one is finite; otherwise reports the model and throws. */
    public static float[] check(String modelId, float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw fault(modelId, Float.isNaN(v));
            }
        }
        return values;
    }

    /** As {@link #check(String, float[])}, for a graph's double output (OIP v2). */
    public static double[] check(String modelId, double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw fault(modelId, Double.isNaN(v));
            }
        }
        return values;
    }

    private static NonFiniteOutputException fault(String modelId, boolean nan) {
        String value = nan ? "NaN" : "an infinity";
        NonFiniteOutputException e = new NonFiniteOutputException(modelId, value);
        watcher.accept(modelId, "computed " + value + " in its output");
        return e;
    }
}
