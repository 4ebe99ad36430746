package dev.multimodal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.refusal.Echo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The CloudEvents 1.0 HTTP binding's rules, checked before Funqy takes an event on trust: one
 * verdict per request, with no I/O, so that it can be tested and fuzzed apart from the server.
 * A binary event needs {@code ce-specversion} 1.0 and non-blank {@code ce-id}, {@code ce-source},
 * {@code ce-type}, and JSON data; a structured event is one JSON object with the same attributes,
 * JSON data, and {@code data} or a {@code data_base64} that holds JSON (passed on as {@code data}).
 * Batches are refused.
 */
public final class CloudEventCheck {

    private static final Set<String> REQUIRED = Set.of("id", "source", "type");

    /**
     * What to do with a request: pass it on, with {@code body} in place of the one received and
     * {@code contentType} in place of its Content-Type where they are not null, or refuse it with
     * {@code status}, naming {@code field}.
     */
    public record Verdict(int status, String field, String message, byte[] body, String contentType) {

        static final Verdict PASS = new Verdict(0, null, null, null, null);

        static Verdict refuse(int status, String field, String message) {
            return new Verdict(status, field, message, null, null);
        }

        public boolean refused() {
            return status != 0;
        }
    }

    private CloudEventCheck() {}

    /**
     * @param headers the request's header by name, case-insensitive; null when absent
     * @param hasCeHeader whether any header starts with {@code ce-}: the request is a binary event
     * @param body        the body's bytes, asked for only when a structured event is to be read
     */
    public static Verdict check(
            UnaryOperator<String> headers, boolean hasCeHeader, Supplier<byte[]> body, ObjectMapper mapper) {
        String type = MediaTypes.of(headers.apply("Content-Type"));
        if (type.equals("application/cloudevents-batch+json")) {
            return Verdict.refuse(
                    415, "Content-Type", "batched CloudEvents are not served: send one event per request");
        }
        if (type.equals("application/cloudevents+json")) {
            return structured(body.get(), mapper);
        }
        return hasCeHeader ? binary(headers, type) : Verdict.PASS;
    }

    private static Verdict binary(UnaryOperator<String> headers, String type) {
        String version = headers.apply("ce-specversion");
        if (version == null) {
            return Verdict.refuse(400, "ce-specversion", "a binary CloudEvent needs the ce-specversion header (1.0)");
        }
        if (!version.equals("1.0")) {
            return Verdict.refuse(
                    400,
                    "ce-specversion",
                    "CloudEvents specversion " + Echo.quoted(version) + " is not served: use 1.0");
        }
        for (String attribute : REQUIRED) {
            String value = headers.apply("ce-" + attribute);
            if (value == null || value.isBlank()) {
                return Verdict.refuse(
                        400, "ce-" + attribute, "a binary CloudEvent needs the ce-" + attribute + " header");
            }
        }
        String raw = headers.apply("Content-Type");
        if (!isJson(type) || raw != null && type.isEmpty()) {
            return Verdict.refuse(
                    415,
                    "Content-Type",
                    "the event's data must be JSON (Content-Type " + "application/json); got " + Echo.quoted(raw));
        }
        // Funqy reads a binary event's data as JSON only when its Content-Type starts with
        // "application/json", exactly: any other JSON type, or none, it cannot read (a 500)
        return raw != null && raw.startsWith("application/json")
                ? Verdict.PASS
                : new Verdict(0, null, null, null, "application/json");
    }

    private static Verdict structured(byte[] body, ObjectMapper mapper) {
        JsonNode event;
        try {
            event = mapper.readTree(body);
        } catch (IOException e) {
            return Verdict.PASS; // not JSON: Funqy's failure is described by FunqyFailureHandler
        }
        if (event == null || event.isArray()) {
            return Verdict.refuse(400, "body", "a structured CloudEvent is one JSON object; batches are not served");
        }
        if (!event.isObject()) {
            return Verdict.refuse(400, "body", "a structured CloudEvent must be a JSON object");
        }
        JsonNode version = event.get("specversion");
        if (version == null || !version.isTextual()) {
            return Verdict.refuse(400, "specversion", "the event needs specversion (1.0)");
        }
        if (!version.asText().equals("1.0")) {
            return Verdict.refuse(
                    400,
                    "specversion",
                    "CloudEvents specversion " + Echo.quoted(version.asText()) + " is not served: use 1.0");
        }
        for (String attribute : REQUIRED) {
            JsonNode value = event.get(attribute);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return Verdict.refuse(400, attribute, "the event needs " + attribute + " (a non-empty string)");
            }
        }
        JsonNode contentType = event.get("datacontenttype");
        if (contentType != null && !(contentType.isTextual() && isJson(MediaTypes.of(contentType.asText())))) {
            return Verdict.refuse(
                    415,
                    "datacontenttype",
                    "the event's data must be JSON; datacontenttype " + Echo.quoted(contentType.asText())
                            + " is not served");
        }
        if (event.has("data_base64")) {
            return base64Data(event, mapper);
        }
        if (!event.has("data") || event.get("data").isNull()) {
            return Verdict.refuse(400, "data", "the event has no data: send the function's request as data");
        }
        return Verdict.PASS;
    }

    /** {@code data_base64} holding JSON becomes {@code data}, so that Funqy reads the event as any other. */
    private static Verdict base64Data(JsonNode event, ObjectMapper mapper) {
        JsonNode base64 = event.get("data_base64");
        if (event.has("data")) {
            return Verdict.refuse(400, "data_base64", "an event holds data or data_base64, not both");
        }
        if (!base64.isTextual()) {
            return Verdict.refuse(400, "data_base64", "data_base64 must be a string of base64");
        }
        JsonNode data;
        try {
            data = mapper.readTree(Base64.getDecoder().decode(base64.asText()));
        } catch (IllegalArgumentException | IOException e) {
            return Verdict.refuse(415, "data_base64", "data_base64 must hold JSON, base64-encoded");
        }
        if (data == null || data.isMissingNode() || data.isNull()) {
            return Verdict.refuse(400, "data_base64", "data_base64 holds no data");
        }
        ObjectNode rewritten = ((ObjectNode) event).deepCopy();
        rewritten.remove("data_base64");
        rewritten.set("data", data);
        return new Verdict(0, null, null, rewritten.toString().getBytes(StandardCharsets.UTF_8), null);
    }

    static boolean isJson(String mediaType) {
        return mediaType.isEmpty()
                || mediaType.equals("application/json")
                || mediaType.endsWith("+json")
                || mediaType.equals("text/json");
    }
}
