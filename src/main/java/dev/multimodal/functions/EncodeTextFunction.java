package dev.multimodal.functions;

import dev.multimodal.functions.api.EncodeTextRequest;
import dev.multimodal.functions.api.EncodeTextResponse;
import dev.multimodal.service.MmfConfig;
import dev.multimodal.service.ModelService;

import dev.multimodal.text.Overflow;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.runtime.InputException;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/** {@code encode-text}: texts → vectors, over HTTP ({@code POST /encode-text}) and as a CloudEvent. */
@RefusalsAsResults
public class EncodeTextFunction {

    @Inject
    ModelService models;

    @Inject
    MmfConfig config;

    @Funq("encode-text")
    public Uni<EncodeTextResponse> encodeText(EncodeTextRequest request) {
        validate(request);
        TextEncoder encoder = models.textEncoder(request.model());
        Overflow overflow = Overflow.parse(request.overflow() == null ? config.text().overflow() : request.overflow(),
                "overflow");
        return Uni.createFrom().completionStage(encoder.encode(request.texts(), overflow))
                .map(embeddings -> respond(encoder, embeddings));
    }

    private void validate(EncodeTextRequest request) {
        int maxTexts = config.text().maxTexts();
        if (request == null || request.texts() == null) {
            throw InputException.badRequest("texts", "texts is required: a list of 1 to " + maxTexts + " strings");
        }
        List<String> texts = request.texts();
        if (texts.isEmpty()) {
            throw InputException.badRequest("texts", "texts is empty: send 1 to " + maxTexts + " strings");
        }
        if (texts.size() > maxTexts) {
            throw InputException.tooLarge("texts", "texts has " + texts.size() + " items; the limit is " + maxTexts
                    + " (mmf.text.max-texts)");
        }
        int maxChars = config.text().maxChars();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String field = "texts[" + i + "]";
            if (text == null) {
                throw InputException.badRequest(field, field + " is null: every item must be a string");
            }
            if (text.isBlank()) {
                throw InputException.badRequest(field, field + " is empty: every text needs at least one "
                        + "non-space character");
            }
            if (text.length() > maxChars) {
                throw InputException.tooLarge(field, field + " has " + text.length() + " characters; the limit is "
                        + maxChars + " (mmf.text.max-chars)");
            }
        }
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
