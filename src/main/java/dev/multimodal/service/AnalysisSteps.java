package dev.multimodal.service;

import dev.multimodal.functions.api.Analysis;
import dev.multimodal.functions.api.ScoreSummariesResponse;

import dev.multimodal.vision.ImageEncoder;
import dev.multimodal.text.Overflow;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.fusion.Fuser;
import dev.multimodal.fusion.FusionException;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.fusion.FusionResult;
import dev.multimodal.fusion.FusionStrategy;
import dev.multimodal.runtime.InputException;
import dev.multimodal.scoring.CaptionRanker;
import dev.multimodal.scoring.SummaryScorer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps of the analysis chain, each taking the envelope and returning it with its part added:
 * encode-image, encode-text (in the image's space), fuse, score (captions against the fused vector,
 * summaries against the document). The chain functions and the gateway both run these.
 */
@ApplicationScoped
public class AnalysisSteps {

    private static final Fuser FUSER = new Fuser();

    @Inject
    ModelService models;

    @Inject
    ImageInputs images;

    @Inject
    MmfConfig config;

    public static final List<String> STEPS = List.of("encode-image", "encode-text", "fuse", "score");

    public Uni<Analysis> run(String step, Analysis a) {
        return switch (step) {
            case "encode-image" -> encodeImage(a);
            case "encode-text" -> encodeText(a);
            case "fuse" -> fuse(a);
            case "score" -> score(a);
            default -> throw new IllegalArgumentException(step);
        };
    }

    public Uni<Analysis> encodeImage(Analysis a) {
        if (a == null || a.image() == null) {
            throw InputException.badRequest("image", "image is required: base64 or a data:image/...;base64, URI");
        }
        long start = System.nanoTime();
        ImageEncoder encoder = models.imageEncoder(null);
        StageTimes times = images.times("analysis");
        return images.decodeOnWorker(a.image(), null, times, "image")
                .chain(decoded -> Uni.createFrom().completionStage(() -> encoder.encode(decoded, times)))
                .map(e -> a.withImageVector(new Analysis.Encoded(encoder.id(), e.space(), e.vector(),
                        e.ocr() == null ? null : e.ocr().text()), ms(start)));
    }

    public Uni<Analysis> encodeText(Analysis a) {
        Analysis.Encoded image = required(a, a == null ? null : a.imageVector(), "imageVector", "encode-image");
        String text = a.text() != null ? a.text() : image.text();
        if (text == null || text.isBlank()) {
            throw InputException.unprocessable("text", "there is no text to encode: send text, or an image with text in it");
        }
        long start = System.nanoTime();
        TextEncoder encoder = models.textEncoderInSpace(image.space(), "text");
        return Uni.createFrom().completionStage(() -> encoder.encode(List.of(text), Overflow.AVERAGE))
                .map(e -> a.withTextVector(new Analysis.Encoded(encoder.manifest().id(), encoder.space(),
                        e.get(0).vector(), null), ms(start)));
    }

    public Uni<Analysis> fuse(Analysis a) {
        Analysis.Encoded image = required(a, a == null ? null : a.imageVector(), "imageVector", "encode-image");
        Analysis.Encoded text = required(a, a.textVector(), "textVector", "encode-text");
        long start = System.nanoTime();
        FusionStrategy strategy;
        FusionResult result;
        try {
            strategy = FusionStrategy.parse(a.fusion() == null ? "weighted-average" : a.fusion());
            result = FUSER.fuse(List.of(new FusionPart("image", image.vector(), image.space(), 1),
                    new FusionPart("text", text.vector(), text.space(), 1)), strategy, Fuser.Options.defaults());
        } catch (FusionException e) {
            throw InputException.unprocessable(e.field().equals("strategy") ? "fusion" : e.field(), e.getMessage());
        }
        return Uni.createFrom().item(a.withFused(new Analysis.Encoded(strategy.label(), result.space(),
                result.vector(), null), ms(start)));
    }

    public Uni<Analysis> score(Analysis a) {
        Analysis.Encoded fused = required(a, a == null ? null : a.fused(), "fused", "fuse");
        boolean captions = a.captions() != null && !a.captions().isEmpty();
        boolean summaries = a.document() != null && a.summaries() != null && !a.summaries().isEmpty();
        if (!captions && !summaries) {
            throw InputException.badRequest("captions", "give captions to rank, or a document with summaries");
        }
        long start = System.nanoTime();
        TextEncoder encoder = models.textEncoderInSpace(fused.space(), "captions");
        Uni<List<CaptionRanker.CaptionScore>> ranked = !captions ? Uni.createFrom().nullItem()
                : Uni.createFrom().completionStage(() -> encoder.encode(a.captions(), Overflow.TRUNCATE))
                .map(e -> {
                    List<float[]> vectors = new ArrayList<>();
                    e.forEach(t -> vectors.add(t.vector()));
                    return CaptionRanker.rank(fused.vector(), a.captions(), vectors, config.scoring().logitScale());
                });
        return ranked.chain(captionScores -> {
            if (!summaries) {
                return Uni.createFrom().item(a.withScores(captionScores, null, ms(start)));
            }
            SummaryScorer scorer = new SummaryScorer(encoder, config.scoring().windowTokens(),
                    config.scoring().overlapTokens());
            return Uni.createFrom().completionStage(() -> scorer.score(a.document(), a.summaries()))
                    .map(r -> a.withScores(captionScores, new ScoreSummariesResponse(encoder.manifest().id(),
                            encoder.manifest().version(), r.windows(), r.ranked(), null), ms(start)));
        });
    }

    private static <T> T required(Analysis a, T part, String field, String step) {
        if (a == null || part == null) {
            throw InputException.badRequest(field, field + " is missing: the " + step + " step has not run");
        }
        return part;
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
