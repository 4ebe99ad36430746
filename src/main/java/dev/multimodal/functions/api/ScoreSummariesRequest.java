package dev.multimodal.functions.api;

import java.util.List;

/**
 * @param document      the source text, up to {@code mmf.scoring.max-document-chars} characters
 * @param documentImage the document as an image (base64 or a data: URI), read by OCR; instead of document
 * @param summaries     1 to {@code mmf.scoring.max-summaries} candidates
 * @param model         a text model id; the default when absent
 */
public record ScoreSummariesRequest(String document, String documentImage, List<String> summaries, String model) {
}
