package dev.multimodal.api;

import java.util.List;

/**
 * @param windows   how many token windows the document was cut into
 * @param summaries ranked by F1, best first; each keeps its request {@code index}
 * @param documentText what OCR read, when the document came as an image; null otherwise
 */
@ApiField("The summaries ranked by F1 against the document, with each sentence's support.")
public record ScoreSummariesResponse(
        String model,
        String version,

        @ApiField("how many token windows the document was cut into")
        int windows,

        @ApiField("ranked by F1, best first; each keeps its request index")
        List<SummaryScore> summaries,

        @ApiField("what OCR read, when the document came as an image")
        String documentText) {}
