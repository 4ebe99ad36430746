package dev.multimodal.functions;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** The sample requests and events committed under functions/&lt;name&gt;/, read by the tests. */
final class Samples {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Samples() {}

    static String text(String function, String file) {
        try {
            return Files.readString(Path.of("functions", function, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String function, String file) {
        try {
            return MAPPER.readTree(text(function, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request carrying a sample event's headers, as a broker sends a binary-mode CloudEvent. */
    static RequestSpecification binaryEvent(JsonNode headers) {
        RequestSpecification request = given();
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            request = header.getKey().equals("content-type")
                    ? request.contentType(header.getValue().asText())
                    : request.header(header.getKey(), header.getValue().asText());
        }
        return request;
    }
}
