package dev.multimodal.service;

import dev.multimodal.admission.ImageSource;
import dev.multimodal.api.FusionStrategy;
import dev.multimodal.api.PredictRequest;
import dev.multimodal.api.PredictResponse;
import dev.multimodal.fusion.Fuser;
import dev.multimodal.fusion.FusionException;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.heads.HeadPrediction;
import dev.multimodal.models.ModelManifest.HeadSettings;
import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.vision.ImageEncoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** predict: a vector, or a text, an image, a recording or a clip (several fused) → what a trained head says of it. */
@Singleton
public final class Predict {

    private static final Fuser FUSER = new Fuser();

    private final ModelService models;
    private final ImageSource images;
    private final Executor blocking;
    private final EncodeTexts texts;
    private final InnerMedia media;

    public Predict(ModelService models, ImageSource images, Executor blocking, EncodeTexts texts, InnerMedia media) {
        this.media = media;
        this.models = models;
        this.images = images;
        this.blocking = blocking;
        this.texts = texts;
    }

    @Inject
    Predict(ModelService models, ImageSource images, UseCaseThreads threads, EncodeTexts texts, InnerMedia media) {
        this(models, images, threads.blocking(), texts, media);
    }

    public CompletableFuture<PredictResponse> run(PredictRequest request) {
        return Async.guarded(() ->
                start(request == null ? new PredictRequest(null, null, null, null, null, null, null, null) : request));
    }

    private CompletableFuture<PredictResponse> start(PredictRequest r) {
        HeadModel head = models.head(r.model());
        HeadSettings settings = head.settings();
        boolean hasImage = r.image() != null || r.imageUrl() != null;
        boolean hasMedia = r.audio() != null || r.video() != null;
        if (r.vector() != null && (r.text() != null || hasImage || hasMedia)) {
            throw InputException.badRequest(
                    "vector", "send a vector, or any of a text, an image, a recording and a clip, not both");
        }
        if (r.vector() != null) {
            if (r.space() == null) {
                throw InputException.badRequest(
                        "space", "space is required with a vector: the model whose space " + "it lives in");
            }
            return head.predict(r.vector(), r.space(), "vector").thenApply(p -> respond(head, p, null));
        }
        if (r.text() == null && !hasImage && !hasMedia) {
            throw InputException.badRequest(
                    "vector", "send a vector with its space, a text, an image, an audio recording or a video clip");
        }
        ImageEncoder imageEncoder = hasImage || r.video() != null ? imageIn(settings.space(), hasImage) : null;
        CompletableFuture<float[]> textVector = r.text() == null
                ? CompletableFuture.completedFuture(null)
                : texts.inSpace(settings.space(), "text", r.text());
        StageTimes times = images.times("predict");
        CompletableFuture<ImageEmbedding> image = !hasImage
                ? CompletableFuture.completedFuture(null)
                : Async.blocking(blocking, images.decoding(r.image(), r.imageUrl(), times, "image"))
                        .thenCompose(decoded -> imageEncoder.encode(decoded, times));
        CompletableFuture<List<FusionPart>> media = mediaParts(r, settings.space(), imageEncoder);
        return image.thenCombine(textVector, (imageVector, tv) -> {
                    List<FusionPart> parts = new ArrayList<>();
                    if (tv != null) {
                        parts.add(new FusionPart("text", tv, settings.space(), 1));
                    }
                    if (imageVector != null) {
                        parts.add(new FusionPart("image", imageVector.vector(), imageVector.space(), 1));
                    }
                    return parts;
                })
                .thenCombine(media, (parts, more) -> {
                    parts.addAll(more);
                    return parts;
                })
                .thenCompose(parts -> {
                    float[] vector = parts.size() == 1 ? parts.get(0).vector() : fuse(parts, settings.fusion());
                    String read = image.join() == null ? null : image.join().text();
                    return head.predict(vector, settings.space(), "vector").thenApply(p -> respond(head, p, read));
                });
    }

    /**
     * The recording as its transcript encoded in the head's space, and the clip as encode-video pools it
     * with the image model of that space; one after the other, since each holds decoded media.
     */
    private CompletableFuture<List<FusionPart>> mediaParts(PredictRequest r, String space, ImageEncoder encoder) {
        CompletableFuture<List<FusionPart>> parts = CompletableFuture.completedFuture(new ArrayList<>());
        if (r.audio() != null) {
            parts = parts.thenCompose(list -> media.audio(r.audio(), "audio")
                    .thenCompose(v -> v.space().equals(space)
                            ? CompletableFuture.completedFuture(v.vector())
                            : texts.inSpace(space, "audio", v.text()))
                    .thenApply(vector -> add(list, new FusionPart("audio", vector, space, 1))));
        }
        if (r.video() != null) {
            parts = parts.thenCompose(list -> media.video(r.video(), encoder.id(), "video")
                    .thenApply(v -> add(list, new FusionPart("video", v.vector(), v.space(), 1))));
        }
        return parts;
    }

    private static List<FusionPart> add(List<FusionPart> list, FusionPart part) {
        list.add(part);
        return list;
    }

    private ImageEncoder imageIn(String space, boolean forImage) {
        String field = forImage ? "image" : "video";
        return models.imageEncoderInSpace(space)
                .orElseThrow(() -> InputException.unprocessable(
                        field,
                        "no image model of space " + Echo.quoted(space) + " is loaded to encode "
                                + (forImage ? "images" : "a clip's keyframes") + " for this head; send a vector"));
    }

    private static float[] fuse(List<FusionPart> parts, String strategy) {
        try {
            return FUSER.fuse(parts, FusionStrategy.parse(strategy), Fuser.Options.defaults())
                    .vector();
        } catch (InputException e) { // a head's fusion strategy is a setting of the head: unprocessable, as before
            throw InputException.unprocessable(e.field(), e.getMessage());
        } catch (FusionException e) {
            throw InputException.unprocessable(e.field(), e.getMessage());
        }
    }

    private static PredictResponse respond(HeadModel head, HeadPrediction p, String ocrText) {
        HeadSettings s = head.settings();
        return new PredictResponse(
                head.manifest().id(),
                head.manifest().version(),
                s.task().label(),
                s.space(),
                p.label(),
                p.probabilities(),
                p.value(),
                p.cluster(),
                p.distances(),
                ocrText);
    }
}
