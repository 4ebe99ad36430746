package dev.multimodal.service;

import dev.multimodal.admission.TextAdmission;
import dev.multimodal.api.ScoreSummariesRequest;
import dev.multimodal.api.ScoreSummariesResponse;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.scoring.SummaryScorer;
import dev.multimodal.text.TextEncoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** score-summaries: a document (text, or an image of it) and candidate summaries → summaries ranked by F1. */
@Singleton
public final class ScoreSummaries {

    private final ModelService models;
    private final ReadText reader;
    private final Limits limits;
    private final int windowTokens;
    private final int overlapTokens;
    private final TextAdmission admission;
    private final Supplier<Cancellation> cancellation;

    public ScoreSummaries(ModelService models, ReadText reader, Limits limits, int windowTokens, int overlapTokens) {
        this(models, reader, limits, windowTokens, overlapTokens, TextAdmission.unlimited(), Cancellation::none);
    }

    /**
     * @param admission    the characters in flight: a document's are admitted before it is tokenised
     * @param cancellation the current request's cancellation, taken on the request's thread
     */
    public ScoreSummaries(
            ModelService models,
            ReadText reader,
            Limits limits,
            int windowTokens,
            int overlapTokens,
            TextAdmission admission,
            Supplier<Cancellation> cancellation) {
        this.admission = admission;
        this.cancellation = cancellation;
        this.models = models;
        this.reader = reader;
        this.limits = limits;
        this.windowTokens = windowTokens;
        this.overlapTokens = overlapTokens;
    }

    @Inject
    ScoreSummaries(
            ModelService models,
            ReadText reader,
            Limits limits,
            MmfConfig config,
            TextAdmission admission,
            RequestCancellation cancellation) {
        this(
                models,
                reader,
                limits,
                config.scoring().windowTokens(),
                config.scoring().overlapTokens(),
                admission,
                cancellation);
    }

    public CompletableFuture<ScoreSummariesResponse> run(ScoreSummariesRequest request) {
        Cancellation cancel = Cancellation.childOf(cancellation.get());
        return Async.forCaller(cancel, Async.guarded(() -> {
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
                    throw InputException.unprocessable(
                            "documentImage", "documentImage: no text was found in the image");
                }
                limits.document(fromImage ? "documentImage" : "document", text);
                return score(encoder, text, summaries, fromImage ? text : null, cancel);
            });
        }));
    }

    /** {@code summaries} scored against {@code document} in {@code space}, as the chain's score step does. */
    public CompletableFuture<ScoreSummariesResponse> inSpace(String space, String document, List<String> summaries) {
        return Async.guarded(() -> {
            limits.document("document", document);
            limits.summaries("summaries", summaries);
            return score(models.textEncoderInSpace(space, "summaries"), document, summaries, null, cancellation.get());
        });
    }

    private CompletableFuture<ScoreSummariesResponse> score(
            TextEncoder encoder, String document, List<String> summaries, String documentText, Cancellation cancel) {
        SummaryScorer scorer = new SummaryScorer(encoder, windowTokens, overlapTokens);
        List<String> admitted = new ArrayList<>(summaries);
        admitted.add(document);
        return admission
                .admitted(admitted, () -> scorer.score(document, summaries, cancel))
                .thenApply(result -> new ScoreSummariesResponse(
                        encoder.manifest().id(),
                        encoder.manifest().version(),
                        result.windows(),
                        result.ranked(),
                        documentText));
    }
}
