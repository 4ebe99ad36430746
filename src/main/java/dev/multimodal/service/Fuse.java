package dev.multimodal.service;

import dev.multimodal.admission.ImageSource;
import dev.multimodal.api.FuseRequest;
import dev.multimodal.api.FuseResponse;
import dev.multimodal.api.FusionStrategy;
import dev.multimodal.api.Overflow;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.fusion.Fuser;
import dev.multimodal.fusion.FusionException;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.fusion.FusionResult;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.models.HeadTask;
import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.runtime.Vectors;
import dev.multimodal.settings.Keys;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.vision.ImageEncoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * fuse: parts (vectors, or texts and images to encode first) → one vector. Parts of a space with a
 * configured projection are projected first; {@code learned} runs a fusion head. The chain's fuse
 * step runs this too, so it honours the same defaults and projections.
 */
@Singleton
public final class Fuse {

    private static final Fuser FUSER = new Fuser();

    private final ModelService models;
    private final ImageSource images;
    private final Executor blocking;
    private final Limits limits;
    private final FusionStrategy defaultStrategy;
    private final double defaultTemperature;
    private final Map<String, String> projections;
    private final InnerMedia media;

    public Fuse(
            ModelService models,
            ImageSource images,
            Executor blocking,
            Limits limits,
            FusionStrategy defaultStrategy,
            double defaultTemperature,
            Map<String, String> projections,
            InnerMedia media) {
        this.media = media;
        this.models = models;
        this.images = images;
        this.blocking = blocking;
        this.limits = limits;
        this.defaultStrategy = defaultStrategy;
        this.defaultTemperature = defaultTemperature;
        this.projections = Map.copyOf(projections);
    }

    /** The bean every entry point shares, with the configured default strategy, temperature and projections. */
    @Inject
    Fuse(
            ModelService models,
            ImageSource images,
            UseCaseThreads threads,
            Limits limits,
            MmfConfig config,
            InnerMedia media) {
        this(
                models,
                images,
                threads.blocking(),
                limits,
                config.fusion().strategy(),
                config.fusion().temperature(),
                config.fusion().projections(),
                media);
    }

    public CompletableFuture<FuseResponse> run(FuseRequest request) {
        return Async.guarded(() -> start(request));
    }

    private CompletableFuture<FuseResponse> start(FuseRequest request) {
        List<FuseRequest.Part> given = validate(request);
        FusionStrategy strategy =
                request.strategy() == null ? defaultStrategy : fusion(() -> FusionStrategy.parse(request.strategy()));
        HeadModel head = strategy == FusionStrategy.LEARNED ? fusionHead(request.head()) : null;
        return media.encodeParts(given).thenCompose(parts -> fuse(request, parts, strategy, head));
    }

    private CompletableFuture<FuseResponse> fuse(
            FuseRequest request, List<FuseRequest.Part> parts, FusionStrategy strategy, HeadModel head) {
        Fuser.Options options = new Fuser.Options(
                Boolean.TRUE.equals(request.allowMixedSpaces()),
                request.temperature() == null ? defaultTemperature : request.temperature(),
                request.normalize() == null || request.normalize());

        boolean hasImages = parts.stream().anyMatch(p -> p.image() != null);
        ImageEncoder imageEncoder = hasImages ? models.imageEncoder(null) : null;
        boolean hasTexts = parts.stream().anyMatch(p -> p.text() != null);
        TextEncoder encoder = !hasTexts
                ? null
                : request.model() != null || imageEncoder == null
                        ? models.textEncoder(request.model())
                        : models.textEncoders().getOrDefault(imageEncoder.space(), models.textEncoder(null));
        StageTimes times = images.times("fuse");
        CompletableFuture<List<ImageEmbedding>> imageVectors = !hasImages
                ? CompletableFuture.completedFuture(List.of())
                : Async.blocking(blocking, decodeImages(parts, times))
                        .thenCompose(decoded -> Async.all(decoded.stream()
                                .map(image -> imageEncoder.encode(image, times))
                                .toList()));
        return imageVectors.thenCompose(imageEmbeddings -> {
            List<String> texts = parts.stream()
                    .filter(p -> p.text() != null)
                    .map(FuseRequest.Part::text)
                    .toList();
            CompletableFuture<List<TextEmbedding>> encoded = encoder == null
                    ? CompletableFuture.completedFuture(List.of())
                    : encoder.encode(texts, Overflow.TRUNCATE);
            return encoded.thenCompose(embeddings -> project(
                                    FusionParts.of(parts, embeddings, encoder, imageEmbeddings, imageEncoder))
                            .thenCompose(projected -> head == null
                                    ? CompletableFuture.completedFuture(
                                            fusion(() -> FUSER.fuse(projected, strategy, options)))
                                    : learned(head, projected, options)))
                    .thenApply(result -> new FuseResponse(
                            result.vector(),
                            result.vector().length,
                            result.space(),
                            strategy.label(),
                            options.normalize() && !isZero(result.vector()),
                            result.attentionWeights(),
                            encoder == null
                                    ? null
                                    : encoder.manifest().id() + "@"
                                            + encoder.manifest().version()));
        });
    }

    /** The decoding of every image part, prepared on the request's thread, to run on a worker. */
    private Supplier<List<DecodedImage>> decodeImages(List<FuseRequest.Part> parts, StageTimes times) {
        List<Supplier<DecodedImage>> decodings = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).image() != null) {
                decodings.add(images.decoding(parts.get(i).image(), null, times, "parts[" + i + "].image"));
            }
        }
        return () -> decodings.stream().map(Supplier::get).toList();
    }

    private HeadModel fusionHead(String id) {
        if (id == null) {
            throw InputException.badRequest("head", "the learned strategy needs head: the id of a fusion head");
        }
        HeadModel head = models.head(id);
        if (head.settings().task() != HeadTask.FUSION) {
            throw InputException.unprocessable(
                    "head", "head '" + id + "' is a " + head.settings().task() + " head, not a fusion head");
        }
        return head;
    }

    /** Parts of a space with a configured projection (mmf.fusion.projections) are mapped into its target space. */
    private CompletableFuture<List<FusionPart>> project(List<FusionPart> parts) {

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
            if (head.settings().task() != HeadTask.PROJECTION
                    || !head.settings().space().equals(part.space())) {
                throw InputException.unprocessable(
                        field,
                        Keys.FUSION_PROJECTIONS + " maps space "
                                + Echo.quoted(part.space())
                                + " to head '" + headId + "', which is not a projection from that space");
            }
            projected.add(head.transform(part.vector(), field)
                    .thenApply(v ->
                            new FusionPart(part.modality(), v, head.settings().outputSpace(), part.weight())));
        }
        return Async.all(projected);
    }

    /** The fusion head over the parts' vectors concatenated in order; each part must be of the head's space. */
    private CompletableFuture<FusionResult> learned(HeadModel head, List<FusionPart> parts, Fuser.Options options) {
        for (int i = 0; i < parts.size(); i++) {
            if (!head.settings().space().equals(parts.get(i).space())) {
                throw InputException.unprocessable(
                        "parts[" + i + "]",
                        "parts[" + i + "] lives in space "
                                + Echo.quoted(parts.get(i).space()) + "; fusion head '"
                                + head.manifest().id()
                                + "' takes space '"
                                + head.settings().space() + "'");
            }
        }
        FusionResult joined = fusion(
                () -> FUSER.fuse(parts, FusionStrategy.CONCAT, new Fuser.Options(true, options.temperature(), false)));
        return head.transform(joined.vector(), "parts")
                .thenApply(v -> new FusionResult(
                        options.normalize() ? Vectors.normalize(v) : v,
                        head.settings().outputSpace(),
                        FusionStrategy.LEARNED,
                        null));
    }

    private List<FuseRequest.Part> validate(FuseRequest request) {
        List<FuseRequest.Part> parts = limits.parts("parts", request == null ? null : request.parts());
        for (int i = 0; i < parts.size(); i++) {
            FuseRequest.Part part = parts.get(i);
            String field = "parts[" + i + "]";
            if (part == null) {
                throw InputException.badRequest(field, field + " is null");
            }
            int given = (part.vector() != null ? 1 : 0)
                    + (part.text() != null ? 1 : 0)
                    + (part.image() != null ? 1 : 0)
                    + (part.audio() != null ? 1 : 0)
                    + (part.video() != null ? 1 : 0);
            if (given != 1) {
                throw InputException.badRequest(
                        field, field + " needs exactly one of vector (with space), text, image, audio or video");
            }
            if (part.text() != null) {
                limits.text(field + ".text", part.text());
            }
            if (part.vector() != null && (part.space() == null || part.space().isBlank())) {
                throw InputException.badRequest(
                        field + ".space",
                        field + ".space is required with a vector: " + "the model whose space the vector lives in");
            }
        }
        return parts;
    }

    /** Fusion refusals are well-formed requests that cannot be fused: 422, naming the field. */
    private static <T> T fusion(Supplier<T> call) {
        try {
            return call.get();
        } catch (FusionException e) {
            throw e.field().equals("strategy")
                    ? InputException.badRequest(e.field(), e.getMessage())
                    : InputException.unprocessable(e.field(), e.getMessage());
        }
    }

    /** A zero vector (parts that cancel out) cannot be scaled to unit length: it is not reported as normalized. */
    private static boolean isZero(float[] vector) {
        for (float v : vector) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }
}
