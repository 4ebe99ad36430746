package dev.multimodal.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.EncodeTextResponse;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.http.SmallJsonRoute;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.service.EncodeTexts;
import dev.multimodal.text.TextEncoder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * OpenAI's {@code POST /v1/embeddings} over encode-text's use case: the same limits, batcher,
 * admission and drain, and the same vectors, in OpenAI's request and answer shapes, so that OpenAI's
 * SDKs and the libraries built on them (LangChain4j, the {@code openai} npm package) embed with this
 * service by pointing their base URL at {@code /v1}. Failures answer in OpenAI's error shape
 * ({@code http.OpenAiErrors}) with encode-text's statuses.
 * <p>
 * Two entry points share it: a {@link SmallJsonRoute} serves the small bodies (a few texts, the
 * usual request) on the event loop, and {@link OpenAiEmbeddingsResource} every other, on a worker
 * thread.
 */
@ApplicationScoped
public class OpenAiEmbeddings {

    /** Before Quarkus REST's routes, after the edge's checks (drain, body admission, RequestGuard). */
    static final int ROUTE_ORDER = -800;

    @Inject
    EncodeTexts useCase;

    @Inject
    ModelService models;

    void install(@Observes Router router, ObjectMapper mapper, CurrentVertxRequest current) {
        router.post("/v1/embeddings")
                .order(ROUTE_ORDER)
                .handler(new SmallJsonRoute<>(EmbeddingsRequest.class, this::create, mapper, current));
    }

    /** Checks the request in OpenAI's terms, then encodes its texts; a null request had an empty body. */
    public CompletionStage<EmbeddingsResponse> create(EmbeddingsRequest request) {
        if (request == null) {
            throw InputException.badRequest(
                    "body", "the request body is empty: send a JSON object with input and model");
        }
        List<String> texts = EmbeddingInput.texts(request.input());
        TextEncoder encoder = encoder(request.model());
        boolean base64 = base64(request.encodingFormat());
        checkDimensions(request, encoder);
        return useCase.run(EmbeddingInput.FIELD, texts, encoder.manifest().id()).handle((result, failure) -> {
            if (failure != null) {
                throw renamed(failure);
            }
            return respond(result, base64);
        });
    }

    /** The requested model, or the default; a model that is not a served text model is OpenAI's 404. */
    private TextEncoder encoder(String model) {
        if (model != null && !models.textEncoders().containsKey(model)) {
            throw InputException.notFound(
                    "model",
                    "The model '" + model + "' does not exist here; text models: "
                            + models.textEncoders().keySet() + " (GET /v1/models)");
        }
        return models.textEncoder(model);
    }

    private static boolean base64(String format) {
        if (format == null || format.equals("float")) {
            return false;
        }
        if (format.equals("base64")) {
            return true;
        }
        throw InputException.badRequest(
                "encoding_format", "encoding_format must be float or base64, not '" + format + "'");
    }

    /** No served model can shorten its vectors, so {@code dimensions} may only name the model's own size. */
    private static void checkDimensions(EmbeddingsRequest request, TextEncoder encoder) {
        if (request.dimensions() == null || request.dimensions().isNull()) {
            return;
        }
        int dimension = encoder.manifest().dimension();
        if (!request.dimensions().isIntegralNumber() || !request.dimensions().canConvertToInt()) {
            throw InputException.badRequest("dimensions", "dimensions must be an integer");
        }
        if (request.dimensions().intValue() != dimension) {
            throw InputException.badRequest(
                    "dimensions",
                    "model " + encoder.manifest().id() + " gives vectors of "
                            + dimension + " dimensions and cannot shorten them: leave dimensions out or set it to "
                            + dimension);
        }
    }

    private static EmbeddingsResponse respond(EncodeTextResponse result, boolean base64) {
        List<EmbeddingsResponse.Embedding> data =
                new ArrayList<>(result.embeddings().size());
        int tokens = 0;
        for (EncodeTextResponse.Embedding e : result.embeddings()) {
            data.add(new EmbeddingsResponse.Embedding(e.index(), base64 ? littleEndian(e.vector()) : e.vector()));
            tokens += e.tokens();
        }
        return new EmbeddingsResponse(data, result.model(), new EmbeddingsResponse.Usage(tokens, tokens));
    }

    /**
     * OpenAI's base64 form, the vector's float32 values little-endian, as bytes: Jackson writes a
     * {@code byte[]} as standard base64 (padded, no line breaks) straight into its output buffer,
     * without the intermediate string and its escaping scan.
     */
    static byte[] littleEndian(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    /** encode-text's refusals name its field {@code texts}; here the texts came as {@code input}. */
    private static RuntimeException renamed(Throwable failure) {
        Throwable t = FailureStatuses.unwrap(failure);
        if (t instanceof InputException e && e.field() != null && e.field().startsWith("texts")) {
            return new InputException(
                    e.kind(), EmbeddingInput.FIELD + e.field().substring("texts".length()), e.getMessage());
        }
        return t instanceof RuntimeException r ? r : new CompletionException(t);
    }
}
