package dev.multimodal.service;

import dev.multimodal.admission.TextAdmission;
import dev.multimodal.api.EncodeTextRequest;
import dev.multimodal.api.EncodeTextResponse;
import dev.multimodal.api.Overflow;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** encode-text: texts → vectors of one text model. */
@Singleton
public final class EncodeTexts {

    private final ModelService models;
    private final Limits limits;
    private final Overflow defaultOverflow;
    private final TextAdmission admission;
    private final Supplier<Cancellation> cancellation;

    public EncodeTexts(ModelService models, Limits limits, Overflow defaultOverflow) {
        this(models, limits, defaultOverflow, TextAdmission.unlimited(), Cancellation::none);
    }

    /**
     * @param admission    the characters in flight, admitted before tokenising
     * @param cancellation the current request's cancellation, taken on the request's thread
     */
    public EncodeTexts(
            ModelService models,
            Limits limits,
            Overflow defaultOverflow,
            TextAdmission admission,
            Supplier<Cancellation> cancellation) {
        this.models = models;
        this.limits = limits;
        this.defaultOverflow = defaultOverflow;
        this.admission = admission;
        this.cancellation = cancellation;
    }

    /** The bean every entry point shares, with the configured default overflow. */
    @Inject
    EncodeTexts(
            ModelService models,
            Limits limits,
            MmfConfig config,
            TextAdmission admission,
            RequestCancellation cancellation) {
        this(models, limits, config.text().overflow(), admission, cancellation);
    }

    /**
     * Checks in order of cost: the limits; a request that could never fit the model's queue, from its
     * size (413); its characters against the text budget (503); only then tokenising and the model.
     */
    public CompletableFuture<EncodeTextResponse> run(EncodeTextRequest request) {
        EncodeTextRequest r = request == null ? new EncodeTextRequest(null, null, null) : request;
        return encode("texts", r.texts(), r.model(), r.overflow());
    }

    /**
     * The same, with the default overflow, for a protocol whose texts arrive under another name
     * ({@code input} in OpenAI's embeddings API): the limits' refusals name that field.
     */
    public CompletableFuture<EncodeTextResponse> run(String field, List<String> texts, String model) {
        return encode(field, texts, model, null);
    }

    private CompletableFuture<EncodeTextResponse> encode(
            String field, List<String> texts, String model, String overflowName) {
        Cancellation cancel = Cancellation.childOf(cancellation.get());
        return Async.forCaller(cancel, Async.guarded(() -> {
            limits.texts(field, texts);
            TextEncoder encoder = models.textEncoder(model);
            Overflow overflow = overflowName == null ? defaultOverflow : Overflow.parse(overflowName, "overflow");
            encoder.requireFits(texts, overflow);
            return admission
                    .admitted(texts, () -> encoder.encode(texts, overflow, cancel))
                    .thenApply(embeddings -> respond(encoder, embeddings));
        }));
    }

    /** One text in {@code space} (a text model's, or a clip model's text tower), as the chain's text step does. */
    public CompletableFuture<float[]> inSpace(String space, String field, String text) {
        return Async.guarded(() -> {
            limits.text(field, text);
            TextEncoder encoder = models.textEncoderInSpace(space, field);
            encoder.requireFits(List.of(text), Overflow.AVERAGE);
            return admission
                    .admitted(List.of(text), () -> encoder.encode(List.of(text), Overflow.AVERAGE, cancellation.get()))
                    .thenApply(e -> e.get(0).vector());
        });
    }

    private static EncodeTextResponse respond(TextEncoder encoder, List<TextEmbedding> embeddings) {
        ModelManifest manifest = encoder.manifest();
        List<EncodeTextResponse.Embedding> items = new ArrayList<>(embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            TextEmbedding e = embeddings.get(i);
            items.add(new EncodeTextResponse.Embedding(i, e.vector(), e.tokens(), e.truncated()));
        }
        return new EncodeTextResponse(
                manifest.id(), manifest.version(), manifest.id(), manifest.dimension(), encoder.maxTokens(), items);
    }
}
