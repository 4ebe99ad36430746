package dev.multimodal.functions.api;

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
public record ScoreCaptionsRequest(String image, String imageUrl, List<String> captions, List<String> labels,
                                   String template, String model) {
}
