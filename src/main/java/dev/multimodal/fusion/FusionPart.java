package dev.multimodal.fusion;

/**
 * One vector to fuse.
 *
 * @param modality {@code image}, {@code text} or another name; attention needs one image part
 * @param space    the model whose vector space the vector lives in
 * @param weight   for weighted-average; ignored by the other strategies
 */
public record FusionPart(String modality, float[] vector, String space, double weight) {

    public static FusionPart of(String modality, float[] vector, String space) {
        return new FusionPart(modality, vector, space, 1.0);
    }
}
