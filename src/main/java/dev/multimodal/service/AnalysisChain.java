package dev.multimodal.service;

import dev.multimodal.api.Analysis;
import dev.multimodal.api.CaptionScore;
import dev.multimodal.api.EncodeImageRequest;
import dev.multimodal.api.FuseRequest;
import dev.multimodal.refusal.InputException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The steps of the analysis chain, each taking the envelope and returning it with its part added.
 * Every step runs the same use case as the function of the same name, with the same limits and
 * settings; the chain functions and the gateway both run these.
 */
@Singleton
public final class AnalysisChain {

    private final EncodeImage encodeImage;
    private final EncodeTexts encodeTexts;
    private final Fuse fuse;
    private final ScoreCaptions scoreCaptions;
    private final ScoreSummaries scoreSummaries;
    private final Limits limits;

    @Inject
    public AnalysisChain(
            EncodeImage encodeImage,
            EncodeTexts encodeTexts,
            Fuse fuse,
            ScoreCaptions scoreCaptions,
            ScoreSummaries scoreSummaries,
            Limits limits) {
        this.limits = limits;
        this.encodeImage = encodeImage;
        this.encodeTexts = encodeTexts;
        this.fuse = fuse;
        this.scoreCaptions = scoreCaptions;
        this.scoreSummaries = scoreSummaries;
    }

    /**
     * The inputs of a whole chain checked against the limits the steps apply, before the first step
     * runs: a gateway refuses a caption list or a document over its limit at once, with the words
     * the step would use, instead of after encoding the image.
     */
    public void checkInputs(Analysis a) {
        if (a == null) {
            return;
        }
        if (a.text() != null) {
            limits.text("text", a.text());
        }
        if (a.captions() != null) {
            limits.captions("captions", a.captions());
        }
        if (a.document() != null) {
            limits.document("document", a.document());
        }
        if (a.summaries() != null) {
            limits.summaries("summaries", a.summaries());
        }
    }

    public CompletableFuture<Analysis> run(ChainStep step, Analysis envelope) {
        long start = System.nanoTime();
        return Async.guarded(() -> switch (step) {
            case ENCODE_IMAGE -> encodeImage(envelope, start);
            case ENCODE_TEXT -> encodeText(envelope, start);
            case FUSE -> fuse(envelope, start);
            case SCORE -> score(envelope, start);
        });
    }

    private CompletableFuture<Analysis> encodeImage(Analysis a, long start) {
        if (a == null || a.image() == null) {
            throw InputException.badRequest("image", "image is required: base64 or a data:image/...;base64, URI");
        }
        return encodeImage
                .run(new EncodeImageRequest(a.image(), null, null), "analysis")
                .thenApply(e ->
                        a.withImageVector(new Analysis.Encoded(e.model(), e.space(), e.vector(), e.text()), ms(start)));
    }

    private CompletableFuture<Analysis> encodeText(Analysis a, long start) {
        Analysis.Encoded image = required(a, a == null ? null : a.imageVector(), "imageVector", ChainStep.ENCODE_IMAGE);
        String text = a.text() != null ? a.text() : image.text();
        if (text == null || text.isBlank()) {
            throw InputException.unprocessable(
                    "text", "there is no text to encode: send text, or an image with text " + "in it");
        }
        return encodeTexts
                .inSpace(image.space(), "text", text)
                .thenApply(vector ->
                        a.withTextVector(new Analysis.Encoded(image.space(), image.space(), vector, null), ms(start)));
    }

    private CompletableFuture<Analysis> fuse(Analysis a, long start) {
        Analysis.Encoded image = required(a, a == null ? null : a.imageVector(), "imageVector", ChainStep.ENCODE_IMAGE);
        Analysis.Encoded text = required(a, a.textVector(), "textVector", ChainStep.ENCODE_TEXT);
        FuseRequest request = new FuseRequest(
                List.of(
                        new FuseRequest.Part("image", image.vector(), image.space(), null, null, null, null, null),
                        new FuseRequest.Part("text", text.vector(), text.space(), null, null, null, null, null)),
                a.fusion(),
                null,
                null,
                null,
                null,
                null);
        return fuse.run(request)
                .thenApply(
                        f -> a.withFused(new Analysis.Encoded(f.strategy(), f.space(), f.vector(), null), ms(start)));
    }

    private CompletableFuture<Analysis> score(Analysis a, long start) {
        Analysis.Encoded fused = required(a, a == null ? null : a.fused(), "fused", ChainStep.FUSE);
        boolean captions = a.captions() != null;
        boolean summaries = a.document() != null || a.summaries() != null;
        if (!captions && !summaries) {
            throw InputException.badRequest("captions", "give captions to rank, or a document with summaries");
        }
        CompletableFuture<List<CaptionScore>> ranked = !captions
                ? CompletableFuture.completedFuture(null)
                : scoreCaptions.rank(fused.vector(), fused.space(), a.captions());
        return ranked.thenCompose(captionScores -> !summaries
                ? CompletableFuture.completedFuture(a.withScores(captionScores, null, ms(start)))
                : scoreSummaries
                        .inSpace(fused.space(), a.document(), a.summaries())
                        .thenApply(scores -> a.withScores(captionScores, scores, ms(start))));
    }

    private static <T> T required(Analysis a, T part, String field, ChainStep step) {
        if (a == null || part == null) {
            throw InputException.badRequest(field, field + " is missing: the " + step.label() + " step has not run");
        }
        return part;
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
