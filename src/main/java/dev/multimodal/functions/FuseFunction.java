package dev.multimodal.functions;

import dev.multimodal.encode.Overflow;
import dev.multimodal.encode.TextEmbedding;
import dev.multimodal.encode.TextEncoder;
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

/** {@code fuse}: parts (vectors, or texts to encode first) → one vector, over HTTP and as a CloudEvent. */
public class FuseFunction {

    private static final Fuser FUSER = new Fuser();

    @Inject
    ModelService models;

    @Inject
    MmfConfig config;

    @Funq("fuse")
    public Uni<FuseResponse> fuse(FuseRequest request) {
        List<FuseRequest.Part> parts = validate(request);
        FusionStrategy strategy = fusion(() -> FusionStrategy.parse(
                request.strategy() == null ? config.fusion().strategy() : request.strategy()));
        Fuser.Options options = new Fuser.Options(Boolean.TRUE.equals(request.allowMixedSpaces()),
                request.temperature() == null ? config.fusion().temperature() : request.temperature(),
                request.normalize() == null || request.normalize());

        List<String> texts = new ArrayList<>();
        parts.stream().filter(p -> p.text() != null).forEach(p -> texts.add(p.text()));
        TextEncoder encoder = texts.isEmpty() ? null : models.textEncoder(request.model());
        CompletableFuture<List<TextEmbedding>> encoded = encoder == null
                ? CompletableFuture.completedFuture(List.of()) : encoder.encode(texts, Overflow.TRUNCATE);
        return Uni.createFrom().completionStage(encoded).map(embeddings -> {
            List<FusionPart> fusionParts = new ArrayList<>(parts.size());
            int next = 0;
            for (FuseRequest.Part part : parts) {
                double weight = part.weight() == null ? 1.0 : part.weight();
                if (part.text() != null) {
                    String modality = part.modality() == null ? "text" : part.modality();
                    fusionParts.add(new FusionPart(modality, embeddings.get(next++).vector(),
                            encoder.manifest().id(), weight));
                } else {
                    fusionParts.add(new FusionPart(part.modality(), part.vector(), part.space(), weight));
                }
            }
            FusionResult result = fusion(() -> FUSER.fuse(fusionParts, strategy, options));
            return new FuseResponse(result.vector(), result.vector().length, result.space(), strategy.label(),
                    options.normalize(), result.attentionWeights(),
                    encoder == null ? null : encoder.manifest().id() + "@" + encoder.manifest().version());
        });
    }

    private List<FuseRequest.Part> validate(FuseRequest request) {
        int max = config.fusion().maxParts();
        if (request == null || request.parts() == null || request.parts().isEmpty()) {
            throw InputException.badRequest("parts", "parts is required: 1 to " + max
                    + " parts, each a vector with its space or a text");
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
            if (part.image() != null) {
                throw InputException.unprocessable(field + ".image", field + ".image: this service does not encode "
                        + "images yet; send the image's vector with its space");
            }
            int given = (part.vector() != null ? 1 : 0) + (part.text() != null ? 1 : 0);
            if (given != 1) {
                throw InputException.badRequest(field, field + " needs exactly one of vector (with space) or text");
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
