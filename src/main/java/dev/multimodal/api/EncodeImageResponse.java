package dev.multimodal.api;

/**
 * @param family  {@code clip}, {@code image-encoder} or {@code ocr-text}
 * @param space   the model whose space the vector lives in: compare it only with vectors of that space
 * @param text    for {@code ocr-text}, the text that was read (and encoded); null otherwise
 */
@ApiField("The image's vector and the model that made it.")
public record EncodeImageResponse(
        String model,
        String version,
        @ApiField("clip, image-encoder or ocr-text") String family,

        @ApiField("the model whose space the vector lives in: compare it only with vectors " + "of that space")
        String space,

        int dimension,
        float[] vector,

        @ApiField("for ocr-text, the text that was read and encoded")
        String text,

        int width,
        int height) {}
