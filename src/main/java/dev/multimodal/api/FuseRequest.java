package dev.multimodal.api;

import dev.multimodal.settings.Keys;
import java.util.List;

/**
 * @param parts            1 to {@code mmf.fusion.max-parts} parts
 * @param strategy         weighted-average, max, min, median, concat, attention or learned;
 *                         {@code mmf.fusion.strategy} when absent
 * @param model            the text model for text parts; when absent, the text side of the image
 *                         model's space if there are image parts, else the default text model
 * @param normalize        L2-normalise the result; true when absent
 * @param allowMixedSpaces let element-wise strategies combine vectors of different models
 * @param temperature      τ of attention; {@code mmf.fusion.temperature} when absent
 * @param head             for learned: the fusion head (family head, task fusion) to run
 */
@ApiField("Parts (vectors, or texts and images to encode first) to fuse into one vector.")
public record FuseRequest(
        @ApiField(value = "the parts, 1 or more", required = true, maxItems = Keys.FUSION_MAX_PARTS)
        List<Part> parts,

        @ApiField(
                value = "how the parts become one vector",
                oneOf = FusionStrategy.class,
                defaultFrom = Keys.FUSION_STRATEGY)
        String strategy,

        @ApiField("the text model for text parts; when absent, the text side of the image model's space if there "
                + "are image parts, else " + Keys.TEXT_DEFAULT_MODEL)
        String model,

        @ApiField(value = "L2-normalise the result", defaultValue = "true")
        Boolean normalize,

        @ApiField(value = "let element-wise strategies combine vectors of different models", defaultValue = "false")
        Boolean allowMixedSpaces,

        @ApiField(value = "the softmax temperature of the attention strategy", defaultFrom = Keys.FUSION_TEMPERATURE)
        Double temperature,

        @ApiField("for the learned strategy: the id of the fusion head to run")
        String head) {

    /**
     * One part: a {@code vector} with its {@code space}, or a {@code text}, an {@code image}, an
     * {@code audio} recording or a {@code video} clip (base64 or a data: URI) to encode first.
     *
     * @param modality {@code text}, {@code image}, ...; attention takes the one {@code image} part as
     *                 its query. Defaults to {@code text} for text parts.
     * @param weight   for weighted-average; 1 when absent
     */
    @ApiField("One part: exactly one of vector (with its space), text, image, audio or video.")
    public record Part(
            @ApiField("text, image, audio, video, ...; attention takes the one image part as its query; when absent, "
                    + "what the part holds (text, image, audio or video; none for a vector)")
            String modality,

            @ApiField("a vector made earlier, with its space")
            float[] vector,

            @ApiField("the model whose space the vector lives in; required with vector")
            String space,

            @ApiField(value = "a text to encode first", maxLength = Keys.TEXT_MAX_CHARS)
            String text,

            @ApiField("an image (base64 or a data: URI) to encode first, with the default image model")
            String image,

            @ApiField("a recording (base64 or a data:audio/...;base64, URI) to encode first, as encode-audio does: "
                    + "its transcript in the default text model's space")
            String audio,

            @ApiField("a clip (base64 or a data:video/...;base64, URI) to encode first, as encode-video does: its "
                    + "shots' keyframes by the default image model, pooled by length")
            String video,

            @ApiField(value = "the part's weight in weighted-average", defaultValue = "1")
            Double weight) {}
}
