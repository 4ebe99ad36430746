package dev.multimodal.functions;

import dev.multimodal.functions.api.ScoreSummariesRequest;
import dev.multimodal.functions.api.ScoreSummariesResponse;
import dev.multimodal.service.ImageInputs;
import dev.multimodal.service.MmfConfig;
import dev.multimodal.service.ModelService;

import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrResult;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.runtime.InputException;
import dev.multimodal.scoring.SummaryScorer;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.List;

/** {@code score-summaries}: a document and candidate summaries → summaries ranked by F1. */
@RefusalsAsResults
public class ScoreSummariesFunction {

    @Inject
    ModelService models;

    @Inject
    MmfConfig config;

    @Inject
    ImageInputs images;

    @Funq("score-summaries")
    public Uni<ScoreSummariesResponse> scoreSummaries(ScoreSummariesRequest request) {
        validate(request);
        TextEncoder encoder = models.textEncoder(request.model());
        MmfConfig.Scoring scoring = config.scoring();
        SummaryScorer scorer = new SummaryScorer(encoder, scoring.windowTokens(), scoring.overlapTokens());
        Uni<String> document = request.documentImage() == null ? Uni.createFrom().item(request.document())
                : readDocument(request.documentImage());
        return document.chain(text -> {
            if (text.isBlank()) {
                throw InputException.unprocessable("documentImage", "documentImage: no text was found in the image");
            }
            return Uni.createFrom().completionStage(() -> scorer.score(text, request.summaries()))
                    .map(result -> new ScoreSummariesResponse(encoder.manifest().id(), encoder.manifest().version(),
                            result.windows(), result.ranked(), request.documentImage() == null ? null : text));
        });
    }

    /** The image's text, through the configured OCR model; decoding runs on a worker. */
    private Uni<String> readDocument(String image) {
        OcrEngine engine = models.ocrEngine(null);
        StageTimes times = images.times("score-summaries");
        return images.decodeOnWorker(image, null, times, "documentImage")
                .chain(decoded -> Uni.createFrom().completionStage(() -> engine.read(decoded, times)))
                .map(OcrResult::text);
    }

    private void validate(ScoreSummariesRequest request) {
        MmfConfig.Scoring scoring = config.scoring();
        if (request != null && request.documentImage() != null) {
            if (request.document() != null) {
                throw InputException.badRequest("documentImage", "send document or documentImage, not both");
            }
        } else if (request == null || request.document() == null || request.document().isBlank()) {
            throw InputException.badRequest("document", "document is required: the text to summarise, up to "
                    + scoring.maxDocumentChars() + " characters (or documentImage, an image of it)");
        } else if (request.document().length() > scoring.maxDocumentChars()) {
            throw InputException.tooLarge("document", "document has " + request.document().length()
                    + " characters; the limit is " + scoring.maxDocumentChars() + " (mmf.scoring.max-document-chars)");
        }
        List<String> summaries = request.summaries();
        if (summaries == null || summaries.isEmpty()) {
            throw InputException.badRequest("summaries", "summaries is required: 1 to " + scoring.maxSummaries()
                    + " candidate summaries");
        }
        if (summaries.size() > scoring.maxSummaries()) {
            throw InputException.tooLarge("summaries", "summaries has " + summaries.size() + " items; the limit is "
                    + scoring.maxSummaries() + " (mmf.scoring.max-summaries)");
        }
        for (int i = 0; i < summaries.size(); i++) {
            String summary = summaries.get(i);
            String field = "summaries[" + i + "]";
            if (summary == null || summary.isBlank()) {
                throw InputException.badRequest(field, field + " is empty");
            }
            if (summary.length() > config.text().maxChars()) {
                throw InputException.tooLarge(field, field + " has " + summary.length() + " characters; the limit is "
                        + config.text().maxChars());
            }
        }
    }
}
