package dev.multimodal.api;

/**
 * @param video    base64, or a {@code data:video/...;base64,} URI
 * @param videoUrl an http(s) address, under the same fetch policy as imageUrl (mmf.image.url.*)
 * @param model    an ocr model id; mmf.ocr.model when absent
 */
@ApiField("A clip to read: the text on screen shot by shot, and what is said.")
public record ReadVideoRequest(
        @ApiField("the clip (MP4, MOV, MKV, WebM), base64 or a data:video/...;base64, URI; this or videoUrl; at most "
                + "${mmf.video.max-bytes} bytes, ${mmf.video.max-seconds} s and ${mmf.video.max-pixels} pixels a frame")
        String video,

        @ApiField("an http(s) address to fetch the clip from, where mmf.image.url.enabled allows it")
        String videoUrl,

        @ApiField(value = "the ocr model that reads the keyframes", defaultFrom = "mmf.ocr.model")
        String model) {}
