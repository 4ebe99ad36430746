package dev.multimodal.models;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a head does, as its manifest's {@code head.task} says: a label (logistic regression), a
 * value (linear regression), a cluster (k-means), or a vector: several parts fused by a learned
 * head ({@code fusion}), or one space mapped into another ({@code projection}).
 */
public enum HeadTask {
    CLASSIFICATION,
    REGRESSION,
    CLUSTERING,
    FUSION,
    PROJECTION;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Fusion and projection heads make vectors; the others make predictions. */
    public boolean makesVectors() {
        return this == FUSION || this == PROJECTION;
    }

    public static HeadTask parse(String value) {
        for (HeadTask task : values()) {
            if (task.label().equals(value)) {
                return task;
            }
        }
        throw new IllegalArgumentException("unknown task '" + value + "': use one of "
                + Arrays.stream(values()).map(HeadTask::label).toList());
    }

    @Override
    public String toString() {
        return label();
    }
}
