package dev.multimodal.gateway;

import dev.multimodal.http.FailureStatuses;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure on an OpenAI-compatible path in OpenAI's shape,
 * {@code {"error": {"message", "type", "param", "code"}}}, with the status and Retry-After that
 * {@link FailureStatuses} gives every other path. Written for /v1/audio/transcriptions; branch
 * {@code openai} builds the same shape for /v1/embeddings, and the two are meant to merge into one.
 */
final class OpenAiErrorBody {

    private OpenAiErrorBody() {}

    static Response of(Throwable failure, String path) {
        return of(FailureStatuses.answer(failure, path));
    }

    static Response of(FailureStatuses.Answer answer) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", answer.error());
        error.put("type", answer.status() >= 500 ? "server_error" : "invalid_request_error");
        error.put("param", answer.field());
        error.put("code", null);
        Response.ResponseBuilder response =
                Response.status(answer.status()).entity(Map.of("error", error)).type(MediaType.APPLICATION_JSON);
        if (answer.retryAfterSeconds() > 0) {
            response.header("Retry-After", answer.retryAfterSeconds());
        }
        return response.build();
    }
}
