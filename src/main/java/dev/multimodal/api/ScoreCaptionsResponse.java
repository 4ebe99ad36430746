package dev.multimodal.api;

import dev.multimodal.settings.Keys;
import java.util.List;

/**
 * @param logitScale the scale of the softmax: the clip model's own, or mmf.scoring.logit-scale
 * @param text       for {@code ocr-text}, what was read in the image; for a recording, its transcript;
 *                   null otherwise
 * @param captions   best first: cosine, probability (softmax of logitScale × cosine over the
 *                   candidates), rank, and the caption's index in the request
 */
@ApiField("The candidate captions ranked against the image.")
public record ScoreCaptionsResponse(
        String model,
        String version,
        String space,

        @ApiField("the scale of the softmax: the clip model's own, or " + Keys.SCORING_LOGIT_SCALE)
        double logitScale,

        @ApiField("for ocr-text, what was read in the image (or in a clip's shots); for a recording, its transcript")
        String text,

        @ApiField("best first: cosine, probability (softmax of logitScale × cosine over "
                + "the candidates), rank, and the caption's index in the request")
        List<CaptionScore> captions) {}
