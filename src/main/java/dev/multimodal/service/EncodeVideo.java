package dev.multimodal.service;

import dev.multimodal.admission.ImageAdmission;
import dev.multimodal.admission.ImageSource;
import dev.multimodal.api.EncodeVideoRequest;
import dev.multimodal.api.EncodeVideoResponse;
import dev.multimodal.api.FusionStrategy;
import dev.multimodal.api.Overflow;
import dev.multimodal.api.TranscribeResponse;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.fusion.Fuser;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.fusion.FusionResult;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.video.Shot;
import dev.multimodal.video.VideoDecoder;
import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.vision.ImageEncoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * encode-video: a clip → its shots (as read-video cuts them) → each keyframe encoded by the image
 * model → one vector for the clip, pooled over the shots by the fusion strategies (weighted by shot
 * length by default; max, or attention of the transcript over the shots, on request) → and the
 * transcript encoded by the default text model beside it, since speech and pictures are different
 * spaces unless the image model is ocr-text.
 */
@Singleton
public final class EncodeVideo {

    private static final List<FusionStrategy> STRATEGIES =
            List.of(FusionStrategy.WEIGHTED_AVERAGE, FusionStrategy.MAX, FusionStrategy.ATTENTION);

    private final ModelService models;
    private final VideoSource source;
    private final VideoDecoder decoder;
    private final Transcribe transcribe;
    private final ImageSource images;
    private final Executor blocking;
    private final double temperature;
    private final Supplier<ImageDecoder.HeaderCheck> admission;
    private final Fuser fuser = new Fuser();

    public EncodeVideo(
            ModelService models,
            VideoSource source,
            VideoDecoder decoder,
            Transcribe transcribe,
            ImageSource images,
            Executor blocking,
            double temperature,
            Supplier<ImageDecoder.HeaderCheck> admission) {
        this.models = models;
        this.source = source;
        this.decoder = decoder;
        this.transcribe = transcribe;
        this.images = images;
        this.blocking = blocking;
        this.temperature = temperature;
        this.admission = admission;
    }

    /**
     * The bean every entry point shares, at the configured fusion temperature. A clip's frames are
     * admitted as an image of their size is: the same pixel budget, held until the answer.
     */
    @Inject
    EncodeVideo(
            ModelService models,
            VideoSource source,
            VideoDecoder decoder,
            Transcribe transcribe,
            ImageSource images,
            UseCaseThreads threads,
            MmfConfig config,
            ImageAdmission admission) {
        this(
                models,
                source,
                decoder,
                transcribe,
                images,
                threads.blocking(),
                config.fusion().temperature(),
                admission::scope);
    }

    public CompletableFuture<EncodeVideoResponse> run(EncodeVideoRequest request) {
        ImageDecoder.HeaderCheck admitted = admission.get(); // on the request's thread, where its end is known
        return Async.guarded(() -> {
            EncodeVideoRequest r = request == null ? new EncodeVideoRequest(null, null, null, null) : request;
            FusionStrategy strategy =
                    r.strategy() == null ? FusionStrategy.WEIGHTED_AVERAGE : FusionStrategy.parse(r.strategy());
            if (!STRATEGIES.contains(strategy)) {
                throw InputException.badRequest(
                        "strategy",
                        "encode-video pools shots by weighted-average, max or attention, not " + strategy.label());
            }
            ImageEncoder encoder = models.imageEncoder(r.model());
            TextEncoder text = models.textEncoder(null);
            StageTimes times = images.times("encode-video");
            return ReadVideo.decode(source, decoder, blocking, admitted, r.video(), r.videoUrl())
                    .thenCompose(clip -> {
                        CompletableFuture<TranscribeResponse> said = ReadVideo.transcript(transcribe, clip);
                        Cancellation stop = Cancellation.create();
                        return ReadVideo.together(
                                ReadVideo.inTurn(
                                        clip.video().shots(), stop, shot -> encoder.encode(shot.keyframe(), times)),
                                said,
                                (vectors, transcript) -> new Encoded(clip, vectors, transcript),
                                stop);
                    })
                    .thenCompose(encoded -> transcriptVector(text, encoded.transcript())
                            .thenApply(t -> respond(encoder, strategy, encoded, t)));
        });
    }

    private record Encoded(ReadVideo.Clip clip, List<ImageEmbedding> vectors, TranscribeResponse transcript) {}

    private static CompletableFuture<EncodeVideoResponse.Transcript> transcriptVector(
            TextEncoder text, TranscribeResponse transcript) {
        if (transcript == null || transcript.text().isBlank()) {
            return CompletableFuture.completedFuture(null);
        }
        ModelManifest m = text.manifest();
        return text.encode(List.of(transcript.text()), Overflow.AVERAGE)
                .thenApply(e -> new EncodeVideoResponse.Transcript(
                        m.id(),
                        text.space(),
                        transcript.text(),
                        e.get(0).vector(),
                        "the transcript by " + transcript.model() + " " + transcript.version() + ", encoded by "
                                + m.id() + " " + m.version()));
    }

    private EncodeVideoResponse respond(
            ImageEncoder encoder, FusionStrategy strategy, Encoded encoded, EncodeVideoResponse.Transcript transcript) {
        List<Shot> shots = encoded.clip().video().shots();
        double duration = encoded.clip().video().duration();
        List<FusionPart> parts = new ArrayList<>();
        for (int i = 0; i < shots.size(); i++) {
            ImageEmbedding e = encoded.vectors().get(i);
            parts.add(new FusionPart(
                    "shot", e.vector(), e.space(), Math.max(shots.get(i).seconds(), 1e-3)));
        }
        String query = null;
        if (strategy == FusionStrategy.ATTENTION) {
            // the fuser's attention has one query part, which it calls the image part
            if (transcript != null && transcript.space().equals(encoder.space())) {
                parts.add(0, FusionPart.of("image", transcript.vector(), transcript.space()));
                query = "the transcript";
            } else {
                FusionResult mean = fuser.fuse(parts, FusionStrategy.WEIGHTED_AVERAGE, Fuser.Options.defaults());
                parts.add(0, FusionPart.of("image", mean.vector(), mean.space()));
                query = "the shots' length-weighted mean";
            }
        }
        FusionResult pooled = fuser.fuse(parts, strategy, new Fuser.Options(false, temperature, true));
        List<EncodeVideoResponse.Shot> out = new ArrayList<>();
        for (int i = 0; i < shots.size(); i++) {
            Shot s = shots.get(i);
            ImageEmbedding e = encoded.vectors().get(i);
            double weight = switch (strategy) {
                case WEIGHTED_AVERAGE -> duration > 0 ? s.seconds() / duration : 1.0 / shots.size();
                case ATTENTION -> pooled.attentionWeights()[i];
                default -> 0;
            };
            out.add(new EncodeVideoResponse.Shot(
                    ReadVideo.round(s.start()),
                    ReadVideo.round(s.end()),
                    ReadVideo.round(s.keyframeTime()),
                    Math.round(weight * 1e6) / 1e6,
                    e.text(),
                    e.vector()));
        }
        String madeOf = shots.size() + " shot keyframes encoded by " + encoder.id() + " " + encoder.version()
                + ", pooled by " + strategy.label()
                + switch (strategy) {
                    case WEIGHTED_AVERAGE -> " weighted by shot length";
                    case ATTENTION -> " with " + query + " as the query";
                    default -> " element-wise";
                }
                + "; the transcript is its own vector, in the text model's space";
        return new EncodeVideoResponse(
                encoder.id(),
                encoder.version(),
                encoder.family(),
                pooled.space(),
                pooled.vector().length,
                pooled.vector(),
                strategy.label(),
                madeOf,
                ReadVideo.round(duration),
                out,
                transcript);
    }
}
