package dev.multimodal.service;

import dev.multimodal.api.ScoreSummariesRequest;
import dev.multimodal.api.ScoreSummariesResponse;
import dev.multimodal.refusal.InputException;
import dev.multimodal.scoring.SummaryScorer;
import dev.multimodal.text.TextEncoder;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** score-summaries: a document (text, or an image of it) and candidate summaries → summaries ranked by F1. */
public final class ScoreSummaries {

    private final ModelService models;
    private final ReadText reader;
    private final Limits limits;
    private final int windowTokens;
    private final int overlapTokens;

    public ScoreSummaries(ModelService models, ReadText reader, Limits limits, int windowTokens, int overlapTokens) {
        this.models = models;
        this.reader = reader;
        this.limits = limits;
        this.windowTokens = windowTokens;
        this.overlapTokens = overlapTokens;
    }

    public CompletableFuture<ScoreSummariesResponse> run(ScoreSummariesRequest request) {
        return Async.guarded(() -> {
            ScoreSummariesRequest r = request == null ? new ScoreSummariesRequest(null, null, null, null) : request;
            boolean fromImage = r.documentImage() != null;
            if (fromImage && r.document() != null) {
                throw InputException.badRequest("documentImage", "send document or documentImage, not both");
            }
            if (!fromImage) {
                limits.document("document", r.document());
            }
            List<String> summaries = limits.summaries("summaries", r.summaries());
            TextEncoder encoder = models.textEncoder(r.model());
            CompletableFuture<String> document = fromImage
                    ? reader.textOf(r.documentImage(), "documentImage", "score-summaries")
                    : CompletableFuture.completedFuture(r.document());
            return document.thenCompose(text -> {
                if (text.isBlank()) {
                    throw InputException.unprocessable("documentImage", "documentImage: no text was found in the image");
                }
                limits.document(fromImage ? "documentImage" : "document", text);
                return score(encoder, text, summaries, fromImage ? text : null);
            });
        });
    }

    /** {@code summaries} scored against {@code document} in {@code space}, as the chain's score step does. */
    public CompletableFuture<ScoreSummariesResponse> inSpace(String space, String document, List<String> summaries) {
        return Async.guarded(() -> {
            limits.document("document", document);
            limits.summaries("summaries", summaries);
            return score(models.textEncoderInSpace(space, "summaries"), document, summaries, null);
        });
    }

    private CompletableFuture<ScoreSummariesResponse> score(TextEncoder encoder, String document,
                                                           List<String> summaries, String documentText) {
        SummaryScorer scorer = new SummaryScorer(encoder, windowTokens, overlapTokens);
        return scorer.score(document, summaries).thenApply(result -> new ScoreSummariesResponse(
                encoder.manifest().id(), encoder.manifest().version(), result.windows(), result.ranked(), documentText));
    }
}
