package dev.multimodal.service;

import dev.multimodal.api.EncodeTextRequest;
import dev.multimodal.api.EncodeTextResponse;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.api.Overflow;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** encode-text: texts → vectors of one text model. */
public final class EncodeTexts {

    private final ModelService models;
    private final Limits limits;
    private final Overflow defaultOverflow;

    public EncodeTexts(ModelService models, Limits limits, Overflow defaultOverflow) {
        this.models = models;
        this.limits = limits;
        this.defaultOverflow = defaultOverflow;
    }

    public CompletableFuture<EncodeTextResponse> run(EncodeTextRequest request) {
        return Async.guarded(() -> {
            EncodeTextRequest r = request == null ? new EncodeTextRequest(null, null, null) : request;
            List<String> texts = limits.texts("texts", r.texts());
            TextEncoder encoder = models.textEncoder(r.model());
            Overflow overflow = r.overflow() == null ? defaultOverflow : Overflow.parse(r.overflow(), "overflow");
            return encoder.encode(texts, overflow).thenApply(embeddings -> respond(encoder, embeddings));
        });
    }

    /** One text in {@code space} (a text model's, or a clip model's text tower), as the chain's text step does. */
    public CompletableFuture<float[]> inSpace(String space, String field, String text) {
        return Async.guarded(() -> {
            limits.text(field, text);
            TextEncoder encoder = models.textEncoderInSpace(space, field);
            return encoder.encode(List.of(text), Overflow.AVERAGE).thenApply(e -> e.get(0).vector());
        });
    }

    private static EncodeTextResponse respond(TextEncoder encoder, List<TextEmbedding> embeddings) {
        ModelManifest manifest = encoder.manifest();
        List<EncodeTextResponse.Embedding> items = new ArrayList<>(embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            TextEmbedding e = embeddings.get(i);
            items.add(new EncodeTextResponse.Embedding(i, e.vector(), e.tokens(), e.truncated()));
        }
        return new EncodeTextResponse(manifest.id(), manifest.version(), manifest.id(), manifest.dimension(),
                encoder.maxTokens(), items);
    }
}
