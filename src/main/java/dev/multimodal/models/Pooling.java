package dev.multimodal.models;

import dev.multimodal.api.Labelled;
import dev.multimodal.api.Labels;
import java.util.Locale;

/**
 * How a graph's output becomes one vector: {@code none} when the graph already gives
 * [batch, dim], {@code cls} (the first token) or {@code mean} (over the tokens, the mask's for text)
 * of a [batch, tokens, dim] output.
 */
public enum Pooling implements Labelled {
    NONE,
    CLS,
    MEAN;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The pooling labelled {@code label}, or null. */
    public static Pooling fromLabel(String label) {
        return Labels.find(Pooling.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
