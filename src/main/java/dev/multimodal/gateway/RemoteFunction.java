package dev.multimodal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.Analysis;
import dev.multimodal.config.GatewayConfig;
import dev.multimodal.refusal.InputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * One step of the chain on its own service: the envelope sent as a binary CloudEvent of the step's
 * trigger type (the answer's {@code ce-type} read back, so the gateway can check the route), with a
 * timeout, and a bounded retry with doubling backoff when the service answers 503 or 429 or cannot
 * be reached. A 4xx answer is the request's fault and is passed on as it is;
 * a service still unreachable after the retries is a 502 naming the function.
 */
final class RemoteFunction {

    /** The envelope a step returned, and the type its answer named (null when it named none). */
    record Reply(Analysis envelope, String type) {}

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String function;
    private final URI url;
    private final String type;
    private final GatewayConfig config;
    private final ObjectMapper json;

    RemoteFunction(String function, String url, String type, GatewayConfig config, ObjectMapper json) {
        this.function = function;
        this.url = URI.create(url);
        this.type = type;
        this.config = config;
        this.json = json;
    }

    Reply call(Analysis envelope, String correlationId, String traceparent) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String last = "no answer";
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                sleep(config.backoff().toMillis() << (attempt - 1));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("ce-specversion", "1.0")
                    .header("ce-id", UUID.randomUUID().toString())
                    .header("ce-source", "gateway")
                    .header("ce-type", type)
                    .header("ce-correlationid", correlationId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (traceparent != null) {
                request.header("traceparent", traceparent);
            }
            try {
                HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    return new Reply(
                            json.readValue(response.body(), Analysis.class),
                            response.headers().firstValue("ce-type").orElse(null));
                }
                last = "HTTP " + status;
                if (status != 503 && status != 429) {
                    throw refusal(status, response.body());
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw InputException.upstream(function, function + " was interrupted");
            }
        }
        throw InputException.upstream(
                function,
                "function " + function + " at " + url + " did not answer after " + (config.retries() + 1)
                        + " attempts (" + last + ")");
    }

    /**
     * The remote function's refusal as the same typed refusal a local step would throw, so the
     * caller gets the same status, message and field wherever the step ran.
     */
    private InputException refusal(int status, byte[] body) {
        String error = function + " answered HTTP " + status;
        String field = function;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                error = node.get("error").asText();
                field = node.hasNonNull("field") ? node.get("field").asText() : null;
            }
        } catch (IOException e) {
            // not our JSON: keep the status line as the message
        }
        InputException.Kind kind = switch (status) {
            case 400 -> InputException.Kind.MALFORMED;
            case 404 -> InputException.Kind.NOT_FOUND;
            case 413 -> InputException.Kind.TOO_LARGE;
            case 415 -> InputException.Kind.UNSUPPORTED_TYPE;
            case 422 -> InputException.Kind.UNPROCESSABLE;
            default -> InputException.Kind.UPSTREAM;
        };
        return new InputException(kind, field, error);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
