package dev.multimodal.api;

import dev.multimodal.settings.Keys;

/**
 * @param video    base64, or a {@code data:video/...;base64,} URI
 * @param videoUrl an http(s) address, under the same fetch policy as imageUrl (mmf.image.url.*)
 * @param model     an ocr model id; mmf.ocr.model when absent
 * @param keyframes also give each shot's keyframe as a small JPEG (a page showing the shots wants
 *                  them; everyone else would pay for bytes they never look at, hence opt-in)
 */
@ApiField("A clip to read: the text on screen shot by shot, and what is said.")
public record ReadVideoRequest(
        @ApiField("the clip (MP4, MOV, MKV, WebM), base64 or a data:video/...;base64, URI; this or videoUrl; at most "
                + "${" + Keys.VIDEO_MAX_BYTES + "} bytes, ${" + Keys.VIDEO_MAX_SECONDS + "} s and ${"
                + Keys.VIDEO_MAX_PIXELS + "} pixels a frame")
        String video,

        @ApiField("an http(s) address to fetch the clip from, where " + Keys.IMAGE_URL_ENABLED + " allows it")
        String videoUrl,

        @ApiField(value = "the ocr model that reads the keyframes", defaultFrom = Keys.OCR_MODEL)
        String model,

        @ApiField(
                value = "also give each shot's keyframe as keyframeImage, a data:image/jpeg;base64, URI at most 320 "
                        + "pixels on its longer side (a few KB a shot)",
                defaultValue = "false")
        Boolean keyframes) {}
