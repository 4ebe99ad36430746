package dev.multimodal.functions;

import java.util.List;

/**
 * @param document      the source text, up to {@code mmf.scoring.max-document-chars} characters
 * @param documentImage reserved for a document read by OCR; refused until OCR ships
 * @param summaries     1 to {@code mmf.scoring.max-summaries} candidates
 * @param model         a text model id; the default when absent
 */
public record ScoreSummariesRequest(String document, String documentImage, List<String> summaries, String model) {
}
