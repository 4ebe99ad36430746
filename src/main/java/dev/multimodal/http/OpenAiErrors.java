package dev.multimodal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI-compatible paths answer a failure in OpenAI's shape,
 * {@code {"error": {"message", "type", "param", "code"}}}, which the OpenAI SDKs read into their
 * exceptions; the status and Retry-After are {@link FailureStatuses}'s, as on every other path.
 * Only the body differs from the house {@code {"error", "field"}}.
 */
public final class OpenAiErrors {

    /** The paths that speak OpenAI's protocol; any path under them is answered in its shape too. */
    private static final List<String> PATHS = List.of("/v1/embeddings", "/v1/models", "/v1/audio/transcriptions");

    private OpenAiErrors() {}

    /** Whether {@code path} is one of OpenAI's, whose failures are answered in its shape. */
    public static boolean covers(String path) {
        if (path == null) {
            return false;
        }
        for (String p : PATHS) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The body, {@code {"error": {...}}}; {@code param} and {@code code} are present, null when unknown. */
    public static Map<String, Object> body(FailureStatuses.Answer answer) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", answer.error());
        error.put("type", type(answer.status()));
        error.put("param", answer.field());
        error.put("code", code(answer));
        return Map.of("error", error);
    }

    /** OpenAI's error types: a client's mistake, or the server's (overload, draining, a fault). */
    static String type(int status) {
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    /** OpenAI's one code these refusals share with it; the rest have none (null), as most of OpenAI's. */
    static String code(FailureStatuses.Answer answer) {
        return answer.status() == 404 && "model".equals(answer.field()) ? "model_not_found" : null;
    }
}
