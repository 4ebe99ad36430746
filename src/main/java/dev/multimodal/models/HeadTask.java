package dev.multimodal.models;

import dev.multimodal.api.Labelled;
import dev.multimodal.api.Labels;
import java.util.Locale;

/**
 * What a head does, as its manifest's {@code head.task} says: a label (logistic regression), a
 * value (linear regression), a cluster (k-means), or a vector: several parts fused by a learned
 * head ({@code fusion}), or one space mapped into another ({@code projection}).
 */
public enum HeadTask implements Labelled {
    CLASSIFICATION,
    REGRESSION,
    CLUSTERING,
    FUSION,
    PROJECTION;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Fusion and projection heads make vectors; the others make predictions. */
    public boolean makesVectors() {
        return this == FUSION || this == PROJECTION;
    }

    public static HeadTask parse(String value) {
        return Labels.parse(
                HeadTask.class,
                value,
                unknown -> new IllegalArgumentException(
                        "unknown task '" + unknown + "': use one of " + Labels.labels(HeadTask.class)));
    }

    @Override
    public String toString() {
        return label();
    }
}
