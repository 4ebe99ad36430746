package dev.multimodal.api;

import dev.multimodal.settings.Keys;

/**
 * What to predict on: a {@code vector} with its {@code space}, or any of a {@code text}, an
 * {@code image} (or {@code imageUrl}), an {@code audio} recording and a {@code video} clip, encoded in
 * the head's space and, when more than one is given, fused with the head's fusion strategy.
 *
 * @param model the head's id; may be left out when exactly one head is loaded
 */
@ApiField("What to predict on: a vector with its space, or any of a text, an image, a recording and a clip, "
        + "encoded in the head's space.")
public record PredictRequest(
        @ApiField("the head's id; may be left out when exactly one head is loaded")
        String model,

        @ApiField("a vector made earlier, with its space") float[] vector,

        @ApiField("the model whose space the vector lives in; required with vector")
        String space,

        @ApiField(value = "a text to encode in the head's space", maxLength = Keys.TEXT_MAX_CHARS)
        String text,

        @ApiField("an image, base64 or a data:image/...;base64, URI")
        String image,

        @ApiField("an http(s) address to fetch the image from, where " + Keys.IMAGE_URL_ENABLED + " allows it")
        String imageUrl,

        @ApiField("a recording, base64 or a data:audio/...;base64, URI: its transcript, encoded in the head's space")
        String audio,

        @ApiField("a clip, base64 or a data:video/...;base64, URI: its shots' keyframes encoded by the image model "
                + "of the head's space, pooled by length")
        String video) {}
