package dev.multimodal.functions.api;

/**
 * @param space            the parts' common space, or {@code fused:<strategy>}
 * @param attentionWeights for attention, one per non-image part in order; absent otherwise
 * @param textModel        the model that encoded the text parts, as id@version; absent when none
 */
public record FuseResponse(float[] vector, int dimension, String space, String strategy, boolean normalized,
                           double[] attentionWeights, String textModel) {
}
