package dev.multimodal.functions;

import dev.multimodal.functions.api.PredictRequest;
import dev.multimodal.functions.api.PredictResponse;
import dev.multimodal.service.ImageInputs;
import dev.multimodal.service.MmfConfig;
import dev.multimodal.service.ModelService;

import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.vision.ImageEncoder;
import dev.multimodal.text.Overflow;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.fusion.Fuser;
import dev.multimodal.fusion.FusionException;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.fusion.FusionStrategy;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.heads.HeadPrediction;
import dev.multimodal.models.ModelManifest.HeadSettings;
import dev.multimodal.runtime.InputException;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code predict}: a vector, text or image → what a trained head says of it, over HTTP and as a CloudEvent. */
@RefusalsAsResults
public class PredictFunction {

    private static final Fuser FUSER = new Fuser();

    @Inject
    ModelService models;

    @Inject
    ImageInputs images;

    @Inject
    MmfConfig config;

    @Funq("predict")
    public Uni<PredictResponse> predict(PredictRequest request) {
        PredictRequest r = request == null ? new PredictRequest(null, null, null, null, null, null) : request;
        HeadModel head = models.head(r.model());
        HeadSettings settings = head.settings();
        boolean hasImage = r.image() != null || r.imageUrl() != null;
        if (r.vector() != null && (r.text() != null || hasImage)) {
            throw InputException.badRequest("vector", "send a vector, or a text and/or an image, not both");
        }
        if (r.vector() != null) {
            if (r.space() == null) {
                throw InputException.badRequest("space", "space is required with a vector: the model whose space "
                        + "it lives in");
            }
            return Uni.createFrom().completionStage(() -> head.predict(r.vector(), r.space(), "vector"))
                    .map(p -> respond(head, p, null));
        }
        if (r.text() == null && !hasImage) {
            throw InputException.badRequest("vector", "send a vector with its space, a text, or an image");
        }
        if (r.text() != null && (r.text().isBlank() || r.text().length() > config.text().maxChars())) {
            throw InputException.badRequest("text", "text must hold 1 to " + config.text().maxChars() + " characters");
        }
        TextEncoder text = r.text() == null ? null : models.textEncoderInSpace(settings.space(), "text");
        ImageEncoder imageEncoder = hasImage ? imageIn(settings.space()) : null;
        StageTimes times = images.times("predict");
        Uni<ImageEmbedding> image = !hasImage ? Uni.createFrom().nullItem()
                : images.decodeOnWorker(r.image(), r.imageUrl(), times, "image")
                .chain(decoded -> Uni.createFrom().completionStage(() -> imageEncoder.encode(decoded, times)));
        return image.chain(imageVector -> {
            CompletableFuture<float[]> textVector = text == null ? CompletableFuture.completedFuture(null)
                    : text.encode(List.of(r.text()), Overflow.AVERAGE).thenApply(e -> e.get(0).vector());
            return Uni.createFrom().completionStage(textVector.thenCompose(tv -> {
                List<FusionPart> parts = new ArrayList<>();
                if (tv != null) {
                    parts.add(new FusionPart("text", tv, settings.space(), 1));
                }
                if (imageVector != null) {
                    parts.add(new FusionPart("image", imageVector.vector(), imageVector.space(), 1));
                }
                float[] vector = parts.size() == 1 ? parts.get(0).vector() : fuse(parts, settings.fusion());
                return head.predict(vector, settings.space(), "vector").thenApply(p -> respond(head, p,
                        imageVector == null || imageVector.ocr() == null ? null : imageVector.ocr().text()));
            }));
        });
    }

    private ImageEncoder imageIn(String space) {
        return models.imageEncoderInSpace(space).orElseThrow(() -> InputException.unprocessable("image",
                "no image model of space '" + space + "' is loaded to encode images for this head; send a vector"));
    }

    private static float[] fuse(List<FusionPart> parts, String strategy) {
        try {
            return FUSER.fuse(parts, FusionStrategy.parse(strategy), Fuser.Options.defaults()).vector();
        } catch (FusionException e) {
            throw InputException.unprocessable(e.field(), e.getMessage());
        }
    }

    private static PredictResponse respond(HeadModel head, HeadPrediction p, String ocrText) {
        HeadSettings s = head.settings();
        return new PredictResponse(head.manifest().id(), head.manifest().version(), s.task(), s.space(), p.label(),
                p.probabilities(), p.value(), p.cluster(), p.distances(), ocrText);
    }
}
