package dev.multimodal.api;

import dev.multimodal.settings.Keys;
import java.util.List;

/**
 * @param image    base64 or a {@code data:image/...;base64,} URI
 * @param imageUrl an http(s) address, where the service allows fetching
 * @param captions 1 to {@code mmf.scoring.max-captions} candidate captions; or
 * @param labels   labels put into {@code template}
 * @param template with {@code {}} once; {@code mmf.scoring.caption-template} when absent
 * @param model    an image model with a text side in its space (a clip model, or {@code ocr-text}); the
 *                 default image model when absent
 */
@ApiField("An image and candidate captions (or labels) to rank against it.")
public record ScoreCaptionsRequest(
        @ApiField("the image, base64 or a data:image/...;base64, URI; this or imageUrl")
        String image,

        @ApiField("an http(s) address to fetch the image from, where " + Keys.IMAGE_URL_ENABLED + " allows it")
        String imageUrl,

        @ApiField(
                value = "candidate captions; this or labels",
                maxItems = Keys.SCORING_MAX_CAPTIONS,
                maxLength = Keys.TEXT_MAX_CHARS)
        List<String> captions,

        @ApiField(
                value = "labels, each put into template; this or captions",
                maxItems = Keys.SCORING_MAX_CAPTIONS,
                maxLength = Keys.TEXT_MAX_CHARS)
        List<String> labels,

        @ApiField(value = "a caption template with {} once", defaultFrom = Keys.SCORING_CAPTION_TEMPLATE)
        String template,

        @ApiField("an image model with a text side in its space (a clip model, or ocr-text); the default image model "
                + "when absent")
        String model,

        @ApiField("instead of an image, a clip (MP4, MOV, MKV, WebM), base64 or a data:video/...;base64, URI: the "
                + "captions are ranked against its vector as encode-video pools it (shots weighted by length), e.g. to "
                + "rank candidate titles")
        String video,

        @ApiField("instead of an image, a recording (WAV, FLAC, MP3, Ogg/Opus, M4A/AAC, WebM, ...), base64 or a "
                + "data:audio/...;base64, URI: the captions are ranked against its vector as encode-audio makes it "
                + "(asr-text: the transcript in the default text model's space); model is then asr-text or absent")
        String audio) {}
