package dev.multimodal.api;

/**
 * @param family  {@code asr-text}: the transcript (speech model) encoded by the default text model
 * @param space   the model whose space the vector lives in: comparable with encode-text's vectors of it
 * @param madeOf  what the vector is made of, in words
 * @param text    the transcript that was encoded
 */
@ApiField("The recording's vector and what it is made of.")
public record EncodeAudioResponse(
        String model,
        String version,

        @ApiField("asr-text: the transcript encoded by the default text model")
        String family,

        @ApiField("the model whose space the vector lives in: compare it only with vectors "
                + "of that space (encode-text's, for asr-text)")
        String space,

        int dimension,
        float[] vector,

        @ApiField("what the vector is made of: the speech model and the text model, " + "with their versions")
        String madeOf,

        @ApiField("the transcript that was encoded") String text,
        @ApiField("the recording's length in seconds") double duration) {}
