package dev.multimodal.api;

import dev.multimodal.settings.Keys;
import java.util.List;

/**
 * @param document      the source text, up to {@code mmf.scoring.max-document-chars} characters
 * @param documentImage the document as an image (base64 or a data: URI), read by OCR; instead of document
 * @param summaries     1 to {@code mmf.scoring.max-summaries} candidates
 * @param model         a text model id; the default when absent
 */
@ApiField("A document and candidate summaries to score against it.")
public record ScoreSummariesRequest(
        @ApiField(value = "the source text; this or documentImage", maxLength = Keys.SCORING_MAX_DOCUMENT_CHARS)
        String document,

        @ApiField("the document as an image (base64 or a data: URI), read by OCR; instead of document")
        String documentImage,

        @ApiField(
                value = "the candidate summaries, 1 or more",
                required = true,
                maxItems = Keys.SCORING_MAX_SUMMARIES,
                maxLength = Keys.TEXT_MAX_CHARS)
        List<String> summaries,

        @ApiField(value = "a text model id", defaultFrom = Keys.TEXT_DEFAULT_MODEL)
        String model) {}
