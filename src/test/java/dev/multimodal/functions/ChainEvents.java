package dev.multimodal.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The analysis chain's events sent as a Knative Broker would: each reply, in binary mode, posted back
 * to the application as the next event, its ce-type deciding which function takes it, until the
 * final type. Records the path, so a test sees which steps an analysis woke.
 */
final class ChainEvents {

    static final String REQUESTED = "dev.multimodal.analysis.requested";
    static final String SCORED = "dev.multimodal.analysis.scored";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery: the type sent, and the source and type of the reply. */
    record Hop(String sentType, String source, String replyType) {}

    /** The hops, and the final event's data. */
    record Path(List<Hop> hops, JsonNode result) {

        /** The functions that answered, in order. */
        List<String> sources() {
            return hops.stream().map(Hop::source).toList();
        }

        List<String> types() {
            return hops.stream().map(Hop::replyType).toList();
        }
    }

    private ChainEvents() {}

    /** A binary event's headers for {@code type}, as a sender would start an analysis. */
    static ObjectNode headers(String type, String id) {
        return JSON.createObjectNode()
                .put("ce-specversion", "1.0")
                .put("ce-id", id)
                .put("ce-source", "/tests")
                .put("ce-type", type)
                .put("ce-subject", "route")
                .put("content-type", "application/json");
    }

    /**
     * Posts {@code data} with {@code headers}, then every reply as the next event until the reply's
     * type is the chain's final one; each answer must be a 200 from the function its type names.
     */
    static Path follow(ObjectNode headers, String data) {
        return follow(headers, data, RestAssured.config());
    }

    static Path follow(ObjectNode headers, String data, RestAssuredConfig config) {
        ObjectNode current = headers.deepCopy();
        String body = data;
        List<Hop> hops = new ArrayList<>();
        while (hops.size() < 8) {
            Response reply = Samples.binaryEvent(current)
                    .config(config)
                    .body(body)
                    .post("/")
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(200)
                    .extract()
                    .response();
            hops.add(new Hop(current.path("ce-type").asText(), reply.header("ce-source"), reply.header("ce-type")));
            current.put("ce-type", reply.header("ce-type"));
            current.put("ce-id", reply.header("ce-id"));
            current.put("ce-source", reply.header("ce-source"));
            body = reply.asString();
            if (SCORED.equals(reply.header("ce-type"))) {
                try {
                    return new Path(hops, JSON.readTree(body));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        assertEquals(SCORED, current.path("ce-type").asText(), "the chain ends within 8 hops: " + hops);
        throw new IllegalStateException();
    }
}
