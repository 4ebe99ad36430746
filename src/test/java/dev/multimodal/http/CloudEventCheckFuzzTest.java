package dev.multimodal.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.RequestBindingFuzzTestAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Any request, written as HTTP writes one (header lines {@code name: value}, a blank line, the
 * body): the CloudEvent check either refuses it with a 4xx naming a field, or passes on only what
 * the CloudEvents 1.0 HTTP binding allows — never an exception, which would be a 500. The build
 * replays {@code CloudEventCheckFuzzTestInputs/} (binary and structured events, good and bad).
 */
class CloudEventCheckFuzzTest {

    private static final ObjectMapper MAPPER = RequestBindingFuzzTestAccess.serviceMapper();

    @FuzzTest(maxDuration = "60s")
    void check(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int split = text.indexOf("\n\n");
        String head = split < 0 ? text : text.substring(0, split);
        byte[] body = (split < 0 ? "" : text.substring(split + 2)).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : head.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        boolean binary = headers.keySet().stream()
                .anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("ce-"));
        CloudEventCheck.Verdict verdict = CloudEventCheck.check(headers::get, binary, () -> body, MAPPER);
        if (verdict.refused()) {
            if (verdict.status() < 400
                    || verdict.status() > 499
                    || verdict.field() == null
                    || verdict.message() == null) {
                throw new AssertionError("not a 4xx naming its field: " + verdict);
            }
            return;
        }
        String type = MediaTypes.of(headers.get("Content-Type"));
        if (type.equals("application/cloudevents+json")) {
            JsonNode event = parse(verdict.body() != null ? verdict.body() : body);
            if (event == null && verdict.body() == null) {
                return; // not JSON at all: Funqy fails to read it, and FunqyFailureHandler answers 400
            }
            if (event == null
                    || !event.isObject()
                    || !"1.0".equals(event.path("specversion").asText(null))
                    || event.has("data_base64")
                    || !event.has("data")
                    || event.get("data").isNull()) {
                throw new AssertionError("a structured event passed that the binding refuses: " + event);
            }
            for (String attribute : new String[] {"id", "source", "type"}) {
                if (!event.path(attribute).isTextual()
                        || event.get(attribute).asText().isBlank()) {
                    throw new AssertionError("passed without " + attribute + ": " + event);
                }
            }
        } else if (binary) {
            if (!"1.0".equals(headers.get("ce-specversion")) || !CloudEventCheck.isJson(type)) {
                throw new AssertionError("a binary event passed that the binding refuses: " + headers);
            }
            String effective = verdict.contentType() != null ? verdict.contentType() : headers.get("Content-Type");
            if (effective == null || !effective.startsWith("application/json")) {
                throw new AssertionError("a binary event passed whose data Funqy cannot read: " + headers);
            }
            for (String attribute : new String[] {"ce-id", "ce-source", "ce-type"}) {
                if (headers.get(attribute) == null || headers.get(attribute).isBlank()) {
                    throw new AssertionError("passed without " + attribute + ": " + headers);
                }
            }
        } else if (verdict.body() != null || verdict.contentType() != null) {
            throw new AssertionError("a plain request was rewritten");
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
