package dev.multimodal.functions.api;

/**
 * What to predict on: a {@code vector} with its {@code space}, or a {@code text} and/or an
 * {@code image} (or {@code imageUrl}), encoded in the head's space and, when both are given,
 * fused with the head's fusion strategy.
 *
 * @param model the head's id; may be left out when exactly one head is loaded
 */
public record PredictRequest(String model, float[] vector, String space, String text, String image, String imageUrl) {
}
