package dev.multimodal.fusion;

import dev.multimodal.api.FusionStrategy;

/**
 * @param space            the parts' common space, or {@code fused:<strategy>} when they had none
 * @param attentionWeights for attention: one weight per text part, in order; null otherwise
 */
public record FusionResult(float[] vector, String space, FusionStrategy strategy, double[] attentionWeights) {}
