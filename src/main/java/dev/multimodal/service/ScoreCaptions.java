package dev.multimodal.service;

import dev.multimodal.admission.ImageSource;
import dev.multimodal.api.CaptionScore;
import dev.multimodal.api.EncodeAudioRequest;
import dev.multimodal.api.EncodeVideoRequest;
import dev.multimodal.api.EncodeVideoResponse;
import dev.multimodal.api.Overflow;
import dev.multimodal.api.ScoreCaptionsRequest;
import dev.multimodal.api.ScoreCaptionsResponse;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.models.ModelFamily;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.scoring.CaptionRanker;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.vision.ImageEncoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * score-captions: an image and candidate captions (or labels in a template) → the captions ranked
 * by cosine in the image model's space, with softmax probabilities; and the chain's ranking of
 * captions against a fused vector.
 */
@Singleton
public final class ScoreCaptions {

    private final ModelService models;
    private final ImageSource images;
    private final Executor blocking;
    private final Limits limits;
    private final String captionTemplate;
    private final double defaultLogitScale;
    private final EncodeVideo videos;
    private final EncodeAudio audios;

    /**
     * @param videos encode-video's use case, for a request that sends a clip instead of an image
     * @param audios encode-audio's use case, for a request that sends a recording instead
     */
    public ScoreCaptions(
            ModelService models,
            ImageSource images,
            Executor blocking,
            Limits limits,
            String captionTemplate,
            double defaultLogitScale,
            EncodeVideo videos,
            EncodeAudio audios) {
        this.models = models;
        this.images = images;
        this.blocking = blocking;
        this.limits = limits;
        this.captionTemplate = captionTemplate;
        this.defaultLogitScale = defaultLogitScale;
        this.videos = videos;
        this.audios = audios;
    }

    @Inject
    ScoreCaptions(
            ModelService models,
            ImageSource images,
            UseCaseThreads threads,
            Limits limits,
            MmfConfig config,
            EncodeVideo videos,
            EncodeAudio audios) {
        this(
                models,
                images,
                threads.blocking(),
                limits,
                config.scoring().captionTemplate(),
                config.scoring().logitScale(),
                videos,
                audios);
    }

    public CompletableFuture<ScoreCaptionsResponse> run(ScoreCaptionsRequest request) {
        return Async.guarded(() -> {
            ScoreCaptionsRequest r = request == null
                    ? new ScoreCaptionsRequest(null, null, null, null, null, null, null, null)
                    : request;
            List<String> captions = captions(r);
            if (r.audio() != null) {
                if (r.image() != null || r.imageUrl() != null || r.video() != null) {
                    throw InputException.badRequest("audio", "send an image, a video or a recording, not two");
                }
                return ofAudio(r, captions);
            }
            ImageEncoder encoder = models.imageEncoder(r.model());
            TextEncoder text = textSide(encoder);
            if (r.video() != null) {
                if (r.image() != null || r.imageUrl() != null) {
                    throw InputException.badRequest("video", "send an image or a video, not both");
                }
                return ofVideo(r, captions);
            }
            double logitScale = logitScale(encoder.id());
            StageTimes times = images.times("score-captions");
            return Async.blocking(blocking, images.decoding(r.image(), r.imageUrl(), times, "image"))
                    .thenCompose(image -> {
                        CompletableFuture<ImageEmbedding> vector = encoder.encode(image, times);
                        CompletableFuture<List<TextEmbedding>> texts = text.encode(captions, Overflow.TRUNCATE);
                        return vector.thenCombine(
                                texts,
                                (img, caps) -> new ScoreCaptionsResponse(
                                        encoder.id(),
                                        encoder.version(),
                                        encoder.space(),
                                        logitScale,
                                        img.text(),
                                        CaptionRanker.rank(img.vector(), captions, vectors(caps), logitScale)));
                    });
        });
    }

    /** The captions ranked against the clip's vector, pooled over its shots by length as encode-video does. */
    private CompletableFuture<ScoreCaptionsResponse> ofVideo(ScoreCaptionsRequest r, List<String> captions) {
        return videos.run(new EncodeVideoRequest(r.video(), null, r.model(), null))
                .thenCompose(clip -> rank(clip.vector(), clip.space(), captions)
                        .thenApply(scores -> new ScoreCaptionsResponse(
                                clip.model(),
                                clip.version(),
                                clip.space(),
                                logitScale(clip.space()),
                                shotTexts(clip),
                                scores)));
    }

    /**
     * The captions ranked against the recording's asr-text vector: what was said, in the text model's
     * space; {@code text} is the transcript, as it is what was read for ocr-text.
     */
    private CompletableFuture<ScoreCaptionsResponse> ofAudio(ScoreCaptionsRequest r, List<String> captions) {
        return audios.run(new EncodeAudioRequest(r.audio(), null, r.model()))
                .thenCompose(heard -> rank(heard.vector(), heard.space(), captions)
                        .thenApply(scores -> new ScoreCaptionsResponse(
                                heard.model(),
                                heard.version(),
                                heard.space(),
                                logitScale(heard.space()),
                                heard.text(),
                                scores)));
    }

    /** For ocr-text, what was read in the shots, in time order; null for a model that reads nothing. */
    private static String shotTexts(EncodeVideoResponse clip) {
        List<String> texts = clip.shots().stream()
                .map(EncodeVideoResponse.Shot::text)
                .filter(t -> t != null && !t.isBlank())
                .toList();
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }

    /** {@code captions} ranked against {@code vector} of {@code space}, as the chain's score step does. */
    public CompletableFuture<List<CaptionScore>> rank(float[] vector, String space, List<String> captions) {
        return Async.guarded(() -> {
            limits.captions("captions", captions);
            TextEncoder encoder = models.textEncoderInSpace(space, "captions");
            return encoder.encode(captions, Overflow.TRUNCATE)
                    .thenApply(e -> CaptionRanker.rank(vector, captions, vectors(e), logitScale(space)));
        });
    }

    private static List<float[]> vectors(List<TextEmbedding> embeddings) {
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        embeddings.forEach(e -> vectors.add(e.vector()));
        return vectors;
    }

    /** The clip manifest's scale, or the configured one for a model whose manifest gives none. */
    private double logitScale(String modelId) {
        return models.repository()
                .get(modelId)
                .map(m -> m.manifest().clip() == null
                        ? null
                        : (double) m.manifest().clip().logitScale())
                .orElse(defaultLogitScale);
    }

    /** The text encoder of the image model's space: a clip model's text tower, ocr-text's text model. */
    private TextEncoder textSide(ImageEncoder encoder) {
        if (ModelFamily.IMAGE_ENCODER.label().equals(encoder.family())) {
            throw InputException.unprocessable(
                    "model",
                    "model '" + encoder.id() + "' has no text side in its "
                            + "space to encode captions; use a clip model or ocr-text");
        }
        return models.textEncoderInSpace(encoder.space(), "model");
    }

    private List<String> captions(ScoreCaptionsRequest r) {
        if ((r.captions() == null) == (r.labels() == null)) {
            throw InputException.badRequest(
                    "captions",
                    "send captions (1 to " + limits.maxCaptions()
                            + " strings) or labels with an optional template, not both and not neither");
        }
        if (r.captions() != null) {
            if (r.template() != null) {
                throw InputException.badRequest("template", "template goes with labels, not captions");
            }
            return limits.captions("captions", r.captions());
        }
        List<String> labels = limits.captions("labels", r.labels());
        try {
            return CaptionRanker.fromLabels(labels, r.template() == null ? captionTemplate : r.template());
        } catch (IllegalArgumentException e) {
            throw InputException.badRequest("template", "template: " + e.getMessage());
        }
    }
}
