package dev.multimodal.heads;

import java.util.Locale;

/** What a head learns: a label (logistic regression), a value (linear regression) or a cluster (k-means). */
public enum HeadTask {
    CLASSIFICATION, REGRESSION, CLUSTERING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HeadTask parse(String value) {
        for (HeadTask task : values()) {
            if (task.label().equals(value)) {
                return task;
            }
        }
        throw new IllegalArgumentException("unknown task '" + value + "': use classification, regression or clustering");
    }
}
