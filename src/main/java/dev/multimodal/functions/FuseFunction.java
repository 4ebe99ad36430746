package dev.multimodal.functions;

import dev.multimodal.functions.api.FuseRequest;
import dev.multimodal.functions.api.FuseResponse;
import dev.multimodal.service.ImageInputs;
import dev.multimodal.service.MmfConfig;
import dev.multimodal.service.ModelService;

import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.vision.ImageEncoder;
import dev.multimodal.text.Overflow;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.runtime.Vectors;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.image.DecodedImage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.Map;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.fusion.FusionException;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.fusion.FusionResult;
import dev.multimodal.fusion.FusionStrategy;
import dev.multimodal.fusion.Fuser;
import dev.multimodal.runtime.InputException;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code fuse}: parts (vectors, or texts and images to encode first) → one vector, over HTTP and as
 * a CloudEvent; parts of a space with a configured projection are projected first; {@code learned}
 * runs a fusion head.
 */
@RefusalsAsResults
public class FuseFunction {

    private static final Fuser FUSER = new Fuser();

    @Inject
    ModelService models;

    @Inject
    MmfConfig config;

    @Inject
    ImageInputs images;

    @Funq("fuse")
    public Uni<FuseResponse> fuse(FuseRequest request) {
        List<FuseRequest.Part> parts = validate(request);
        FusionStrategy strategy = fusion(() -> FusionStrategy.parse(
                request.strategy() == null ? config.fusion().strategy() : request.strategy()));
        Fuser.Options options = new Fuser.Options(Boolean.TRUE.equals(request.allowMixedSpaces()),
                request.temperature() == null ? config.fusion().temperature() : request.temperature(),
                request.normalize() == null || request.normalize());
        HeadModel head = strategy == FusionStrategy.LEARNED ? fusionHead(request.head()) : null;

        boolean hasImages = parts.stream().anyMatch(p -> p.image() != null);
        ImageEncoder imageEncoder = hasImages ? models.imageEncoder(null) : null;
        boolean hasTexts = parts.stream().anyMatch(p -> p.text() != null);
        TextEncoder encoder = !hasTexts ? null : request.model() != null || imageEncoder == null
                ? models.textEncoder(request.model())
                : models.textEncoders().getOrDefault(imageEncoder.space(), models.textEncoder(null));
        StageTimes times = images.times("fuse");
        Uni<List<ImageEmbedding>> imageVectors = !hasImages ? Uni.createFrom().item(List.of())
                : Uni.createFrom().item(() -> decodeImages(parts, times))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(decoded -> Uni.createFrom().completionStage(() -> all(decoded.stream()
                        .map(image -> imageEncoder.encode(image, times)).toList())));
        return imageVectors.chain(imageEmbeddings -> {
            List<String> texts = parts.stream().filter(p -> p.text() != null).map(FuseRequest.Part::text).toList();
            CompletableFuture<List<TextEmbedding>> encoded = encoder == null
                    ? CompletableFuture.completedFuture(List.of()) : encoder.encode(texts, Overflow.TRUNCATE);
            return Uni.createFrom().completionStage(encoded.thenCompose(embeddings -> {
                List<FusionPart> fusionParts = new ArrayList<>(parts.size());
                int nextText = 0;
                int nextImage = 0;
                for (FuseRequest.Part part : parts) {
                    double weight = part.weight() == null ? 1.0 : part.weight();
                    if (part.text() != null) {
                        fusionParts.add(new FusionPart(part.modality() == null ? "text" : part.modality(),
                                embeddings.get(nextText++).vector(), encoder.space(), weight));
                    } else if (part.image() != null) {
                        fusionParts.add(new FusionPart(part.modality() == null ? "image" : part.modality(),
                                imageEmbeddings.get(nextImage++).vector(), imageEncoder.space(), weight));
                    } else {
                        fusionParts.add(new FusionPart(part.modality(), part.vector(), part.space(), weight));
                    }
                }
                return project(fusionParts).thenCompose(projected -> head == null
                        ? CompletableFuture.completedFuture(fusion(() -> FUSER.fuse(projected, strategy, options)))
                        : learned(head, projected, options));
            }).thenApply(result -> new FuseResponse(result.vector(), result.vector().length, result.space(),
                    strategy.label(), options.normalize(), result.attentionWeights(),
                    encoder == null ? null : encoder.manifest().id() + "@" + encoder.manifest().version())));
        });
    }

    private List<DecodedImage> decodeImages(List<FuseRequest.Part> parts, StageTimes times) {
        List<DecodedImage> decoded = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).image() != null) {
                decoded.add(images.decode(parts.get(i).image(), null, times, "parts[" + i + "].image"));
            }
        }
        return decoded;
    }

    private HeadModel fusionHead(String id) {
        if (id == null) {
            throw InputException.badRequest("head", "the learned strategy needs head: the id of a fusion head");
        }
        HeadModel head = models.head(id);
        if (!head.settings().task().equals("fusion")) {
            throw InputException.unprocessable("head", "head '" + id + "' is a " + head.settings().task()
                    + " head, not a fusion head");
        }
        return head;
    }

    /** Parts of a space with a configured projection (mmf.fusion.projections) are mapped into its target space. */
    private CompletableFuture<List<FusionPart>> project(List<FusionPart> parts) {
        Map<String, String> projections = config.fusion().projections();
        List<CompletableFuture<FusionPart>> projected = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            FusionPart part = parts.get(i);
            String headId = part.space() == null ? null : projections.get(part.space());
            if (headId == null) {
                projected.add(CompletableFuture.completedFuture(part));
                continue;
            }
            HeadModel head = models.head(headId);
            String field = "parts[" + i + "]";
            if (!head.settings().task().equals("projection") || !head.settings().space().equals(part.space())) {
                throw InputException.unprocessable(field, "mmf.fusion.projections maps space '" + part.space()
                        + "' to head '" + headId + "', which is not a projection from that space");
            }
            projected.add(head.transform(part.vector(), field).thenApply(v ->
                    new FusionPart(part.modality(), v, head.settings().outputSpace(), part.weight())));
        }
        return all(projected);
    }

    /** The fusion head over the parts' vectors concatenated in order; each part must be of the head's space. */
    private CompletableFuture<FusionResult> learned(HeadModel head, List<FusionPart> parts, Fuser.Options options) {
        for (int i = 0; i < parts.size(); i++) {
            if (!head.settings().space().equals(parts.get(i).space())) {
                throw InputException.unprocessable("parts[" + i + "]", "parts[" + i + "] lives in space '"
                        + parts.get(i).space() + "'; fusion head '" + head.manifest().id() + "' takes space '"
                        + head.settings().space() + "'");
            }
        }
        FusionResult joined = fusion(() -> FUSER.fuse(parts, FusionStrategy.CONCAT,
                new Fuser.Options(true, options.temperature(), false)));
        return head.transform(joined.vector(), "parts").thenApply(v -> new FusionResult(
                options.normalize() ? Vectors.normalize(v) : v, head.settings().outputSpace(),
                FusionStrategy.LEARNED, null));
    }

    private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }

    private List<FuseRequest.Part> validate(FuseRequest request) {
        int max = config.fusion().maxParts();
        if (request == null || request.parts() == null) {
            throw InputException.badRequest("parts", "parts is required: 1 to " + max
                    + " parts, each a vector with its space, a text or an image");
        }
        if (request.parts().isEmpty()) {
            throw InputException.unprocessable("parts", "parts is empty: there is nothing to fuse; send 1 to " + max
                    + " parts");
        }
        List<FuseRequest.Part> parts = request.parts();
        if (parts.size() > max) {
            throw InputException.tooLarge("parts", "parts has " + parts.size() + " items; the limit is " + max
                    + " (mmf.fusion.max-parts)");
        }
        for (int i = 0; i < parts.size(); i++) {
            FuseRequest.Part part = parts.get(i);
            String field = "parts[" + i + "]";
            if (part == null) {
                throw InputException.badRequest(field, field + " is null");
            }
            int given = (part.vector() != null ? 1 : 0) + (part.text() != null ? 1 : 0) + (part.image() != null ? 1 : 0);
            if (given != 1) {
                throw InputException.badRequest(field, field + " needs exactly one of vector (with space), text "
                        + "or image");
            }
            if (part.text() != null && part.text().isBlank()) {
                throw InputException.badRequest(field + ".text", field + ".text is empty");
            }
            if (part.text() != null && part.text().length() > config.text().maxChars()) {
                throw InputException.tooLarge(field + ".text", field + ".text has " + part.text().length()
                        + " characters; the limit is " + config.text().maxChars());
            }
            if (part.vector() != null && (part.space() == null || part.space().isBlank())) {
                throw InputException.badRequest(field + ".space", field + ".space is required with a vector: "
                        + "the model whose space the vector lives in");
            }
        }
        return parts;
    }

    /** Fusion refusals are well-formed requests that cannot be fused: 422, naming the field. */
    private static <T> T fusion(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (FusionException e) {
            throw new InputException(e.field().equals("strategy") ? 400 : 422, e.field(), e.getMessage());
        }
    }
}
