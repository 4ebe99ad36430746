package dev.multimodal.api;

import dev.multimodal.settings.Keys;
import java.util.List;

/**
 * @param document      the source text, up to {@code mmf.scoring.max-document-chars} characters
 * @param documentImage the document as an image (base64 or a data: URI), read by OCR; instead of document
 * @param documentAudio the document as a recording: what is said in it
 * @param documentVideo the document as a clip: its on-screen text and speech in time order
 * @param summaries     1 to {@code mmf.scoring.max-summaries} candidates
 * @param model         a text model id; the default when absent
 */
@ApiField("A document and candidate summaries to score against it.")
public record ScoreSummariesRequest(
        @ApiField(
                value = "the source text; this, documentImage, documentAudio or documentVideo",
                maxLength = Keys.SCORING_MAX_DOCUMENT_CHARS)
        String document,

        @ApiField("the document as an image (base64 or a data: URI), read by OCR; instead of document")
        String documentImage,

        @ApiField("the document as a recording (base64 or a data:audio/...;base64, URI): its transcript; instead "
                + "of document")
        String documentAudio,

        @ApiField("the document as a clip (base64 or a data:video/...;base64, URI): its on-screen text and its "
                + "transcript in time order; instead of document")
        String documentVideo,

        @ApiField(
                value = "the candidate summaries, 1 or more",
                required = true,
                maxItems = Keys.SCORING_MAX_SUMMARIES,
                maxLength = Keys.TEXT_MAX_CHARS)
        List<String> summaries,

        @ApiField(value = "a text model id", defaultFrom = Keys.TEXT_DEFAULT_MODEL)
        String model) {}
