package dev.multimodal.heads;

import java.util.Map;

/**
 * What a head says of one vector: a {@code label} with every label's probability, a {@code value},
 * or a {@code cluster} with the squared distance to each centroid.
 */
public record HeadPrediction(
        String label, Map<String, Double> probabilities, Double value, Integer cluster, float[] distances) {}
