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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * score-summaries: a document (text, or an image, a recording or a clip of it) and candidate summaries →
 * summaries ranked by F1.
 */
@Singleton
public final class ScoreSummaries {

    private final ModelService models;
    private final ReadText reader;
    private final Limits limits;
    private final int windowTokens;
    private final int overlapTokens;
    private final TextAdmission admission;
    private final Supplier<Cancellation> cancellation;
    private final InnerMedia media;

    public ScoreSummaries(ModelService models, ReadText reader, Limits limits, int windowTokens, int overlapTokens) {
        this(models, reader, limits, windowTokens, overlapTokens, TextAdmission.unlimited(), Cancellation::none, null);
    }

    /**
     * @param admission    the characters in flight: a document's are admitted before it is tokenised
     * @param cancellation the current request's cancellation, taken on the request's thread
     * @param media        what reads a recording's or a clip's document; null where none is served
     */
    public ScoreSummaries(
            ModelService models,
            ReadText reader,
            Limits limits,
            int windowTokens,
            int overlapTokens,
            TextAdmission admission,
            Supplier<Cancellation> cancellation,
            InnerMedia media) {
        this.media = media;
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
            RequestCancellation cancellation,
            InnerMedia media) {
        this(
                models,
                reader,
                limits,
                config.scoring().windowTokens(),
                config.scoring().overlapTokens(),
                admission,
                cancellation,
                media);
    }

    public CompletableFuture<ScoreSummariesResponse> run(ScoreSummariesRequest request) {
        Cancellation cancel = Cancellation.childOf(cancellation.get());
        return Async.forCaller(cancel, Async.guarded(() -> {
            ScoreSummariesRequest r =
                    request == null ? new ScoreSummariesRequest(null, null, null, null, null, null) : request;
            String source = source(r);
            if (source.equals("document")) {
                limits.document("document", r.document());
            }
            List<String> summaries = limits.summaries("summaries", r.summaries());
            TextEncoder encoder = models.textEncoder(r.model());
            CompletableFuture<String> document = switch (source) {
                case "documentImage" -> reader.textOf(r.documentImage(), source, "score-summaries");
                case "documentAudio" -> media().transcript(r.documentAudio(), source);
                case "documentVideo" -> media().document(r.documentVideo(), source);
                default -> CompletableFuture.completedFuture(r.document());
            };
            return document.thenCompose(text -> {
                if (text.isBlank()) {
                    throw InputException.unprocessable(source, source + ": " + NOTHING.get(source));
                }
                limits.document(source, text);
                return score(encoder, text, summaries, source.equals("document") ? null : text, cancel);
            });
        }));
    }

    private static final Map<String, String> NOTHING = Map.of(
            "documentImage", "no text was found in the image",
            "documentAudio", "no speech was heard in the recording",
            "documentVideo", "no text was seen or heard in the clip");

    /** Which one field holds the document; a 400 naming the second when two are sent. */
    private static String source(ScoreSummariesRequest r) {
        List<String> given = new ArrayList<>();
        if (r.document() != null) {
            given.add("document");
        }
        if (r.documentImage() != null) {
            given.add("documentImage");
        }
        if (r.documentAudio() != null) {
            given.add("documentAudio");
        }
        if (r.documentVideo() != null) {
            given.add("documentVideo");
        }
        if (given.size() > 1) {
            throw InputException.badRequest(
                    given.get(1), "send one of document, documentImage, documentAudio or documentVideo, not " + given);
        }
        return given.isEmpty() ? "document" : given.get(0);
    }

    private InnerMedia media() {
        if (media == null) {
            throw InputException.unavailable("document", "no speech or video models are served here");
        }
        return media;
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
