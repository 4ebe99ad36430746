package dev.multimodal.api;

/**
 * A constant with the name users and manifests write for it ({@code weighted-average},
 * {@code text-encoder}), which is not the Java name; {@link Labels} finds a constant by it.
 */
public interface Labelled {

    String label();
}
