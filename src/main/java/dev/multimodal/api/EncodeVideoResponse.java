package dev.multimodal.api;

import java.util.List;

/**
 * The clip's vector pooled over its shots, each shot's vector, and the transcript's vector; each says
 * what it is made of.
 */
@ApiField("The clip's vector, each shot's, and the transcript's, with what each is made of.")
public record EncodeVideoResponse(
        @ApiField("the image model that encoded the keyframes")
        String model,

        String version,

        @ApiField("the image model's family: clip, image-encoder or ocr-text")
        String family,

        @ApiField("the model whose space the shot and clip vectors live in: compare them only with vectors of that "
                + "space")
        String space,

        int dimension,

        @ApiField("the clip's vector, pooled over its shots")
        float[] vector,

        @ApiField("how the shots were pooled: weighted-average, max or attention")
        String strategy,

        @ApiField("what the clip's vector is made of, in words")
        String madeOf,

        @ApiField("the clip's length in seconds") double duration,

        @ApiField("each shot with its vector, in time order")
        List<Shot> shots,

        @ApiField("the transcript's vector; null when nothing is said")
        Transcript transcript) {

    public record Shot(
            double start,
            double end,

            @ApiField("when its keyframe was taken, in seconds")
            double keyframe,

            @ApiField("its share of the clip's vector: its length over the clip's for weighted-average, the "
                    + "attention weight for attention, 0 for max")
            double weight,

            @ApiField("for ocr-text, the text read in the keyframe")
            String text,

            float[] vector) {}

    public record Transcript(
            @ApiField("the text model that encoded the transcript")
            String model,

            @ApiField("the space of its vector (encode-text's)")
            String space,

            String text,
            float[] vector,

            @ApiField("what the vector is made of: the speech model and the text model")
            String madeOf) {}
}
