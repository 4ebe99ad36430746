package dev.multimodal.api;

import dev.multimodal.settings.Keys;

/**
 * @param video    base64, or a {@code data:video/...;base64,} URI
 * @param videoUrl an http(s) address, under the same fetch policy as imageUrl
 * @param model    the image model that encodes each keyframe
 * @param strategy how the shots' vectors become the clip's
 */
@ApiField("A clip to encode: a vector per shot, one for the clip, and one for what is said.")
public record EncodeVideoRequest(
        @ApiField("the clip (MP4, MOV, MKV, WebM), base64 or a data:video/...;base64, URI; this or videoUrl; at most "
                + "${" + Keys.VIDEO_MAX_BYTES + "} bytes and ${" + Keys.VIDEO_MAX_SECONDS + "} s")
        String video,

        @ApiField("an http(s) address to fetch the clip from, where " + Keys.IMAGE_URL_ENABLED + " allows it")
        String videoUrl,

        @ApiField("the image model that encodes each shot's keyframe; " + Keys.IMAGE_DEFAULT_MODEL
                + " when absent (unset: CLIP if " + "installed, else ocr-text)")
        String model,

        @ApiField(
                value = "how the shots' vectors become the clip's: weighted-average (by shot length), max, or "
                        + "attention (the shots weighted by their likeness to the transcript, else to their mean)",
                defaultValue = "\"weighted-average\"")
        String strategy) {}
