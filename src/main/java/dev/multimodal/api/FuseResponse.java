package dev.multimodal.api;

/**
 * @param space            the parts' common space, or {@code fused:<strategy>}
 * @param attentionWeights for attention, one per non-image part in order; absent otherwise
 * @param textModel        the model that encoded the text parts, as id@version; absent when none
 */
@ApiField("The fused vector.")
public record FuseResponse(
        float[] vector,
        int dimension,

        @ApiField("the parts' common space, or fused:<strategy>")
        String space,

        String strategy,
        boolean normalized,

        @ApiField("for attention, one weight per non-image part in order")
        double[] attentionWeights,

        @ApiField("the model that encoded the text parts, as id@version")
        String textModel) {}
