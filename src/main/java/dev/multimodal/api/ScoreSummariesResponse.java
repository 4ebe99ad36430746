package dev.multimodal.api;

import java.util.List;

/**
 * @param windows   how many token windows the document was cut into
 * @param summaries ranked by F1, best first; each keeps its request {@code index}
 * @param documentText the document's text when it came as an image, a recording or a clip; null otherwise
 */
@ApiField("The summaries ranked by F1 against the document, with each sentence's support.")
public record ScoreSummariesResponse(
        String model,
        String version,

        @ApiField("how many token windows the document was cut into")
        int windows,

        @ApiField("ranked by F1, best first; each keeps its request index")
        List<SummaryScore> summaries,

        @ApiField("the document's text when it came as an image (what OCR read), a recording (what was said) or a "
                + "clip (what was seen and said, in time order)")
        String documentText) {}
