package dev.multimodal.functions.api;

import dev.multimodal.scoring.CaptionRanker.CaptionScore;

import java.util.List;

/**
 * @param logitScale the scale of the softmax: the clip model's own, or mmf.scoring.logit-scale
 * @param text       for {@code ocr-text}, what was read in the image; null otherwise
 * @param captions   best first: cosine, probability (softmax of logitScale × cosine over the
 *                   candidates), rank, and the caption's index in the request
 */
public record ScoreCaptionsResponse(String model, String version, String space, double logitScale, String text,
                                    List<CaptionScore> captions) {
}
