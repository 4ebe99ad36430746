package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** encode-text as a Knative trigger would call it: the exact headers a broker sends, both modes. */
@QuarkusTest
class CloudEventsTest {

    @Test
    void binaryEventGetsAnEncodedReply() {
        JsonNode sample = Samples.json("encode-text", "event-binary.json");
        Samples.binaryEvent(sample.get("headers"))
                .body(sample.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-type", "dev.multimodal.text.encoded")
                .header("ce-source", "encode-text")
                .header("ce-specversion", "1.0")
                .header("ce-id", notNullValue())
                .body("model", equalTo("all-minilm-l6-v2-q"))
                .body("embeddings", hasSize(1))
                .body("embeddings[0].vector", hasSize(384));
    }

    @Test
    void aBinaryReplyCarriesTheSubjectTheCorrelationIdAndTheTrace() {
        JsonNode sample = Samples.json("encode-text", "event-binary.json");
        Samples.binaryEvent(sample.get("headers"))
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("ce-correlationid", "batch-9")
                .body(sample.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-subject", "product-4711")
                .header("ce-correlationid", "batch-9")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        // without one, the event's id starts the correlation
        Samples.binaryEvent(sample.get("headers"))
                .body(sample.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-correlationid", sample.at("/headers/ce-id").asText());
    }

    @Test
    void structuredEventGetsAStructuredReply() {
        JsonNode sample = Samples.json("encode-text", "event-structured.json");
        given().contentType("application/cloudevents+json")
                .body(sample.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo("dev.multimodal.text.encoded"))
                .body("source", equalTo("encode-text"))
                .body("specversion", equalTo("1.0"))
                .body("data.model", equalTo("all-minilm-l6-v2"))
                .body("data.embeddings[0].vector", hasSize(384));
    }

    @Test
    void badEventDataGetsA4xxSoTheBrokerDoesNotRetry() {
        JsonNode sample = Samples.json("encode-text", "event-binary.json");
        Samples.binaryEvent(sample.get("headers"))
                .body("{\"texts\": []}")
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("texts"));
        Samples.binaryEvent(sample.get("headers"))
                .body("{\"texts\": [42]}")
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("texts[0]"));
        given().contentType("application/cloudevents+json")
                .body(
                        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"t\","
                                + "\"type\":\"dev.multimodal.text.encode.requested\",\"data\":{\"texts\":[\"ok\"],\"model\":\"nope\"}}")
                .post("/")
                .then()
                .statusCode(422)
                .body("field", equalTo("model"));
    }

    @Test
    void anUnknownTypeIsRefused() {
        JsonNode sample = Samples.json("encode-text", "event-binary.json");
        com.fasterxml.jackson.databind.node.ObjectNode headers =
                sample.get("headers").deepCopy();
        headers.put("ce-type", "dev.multimodal.unknown");
        Samples.binaryEvent(headers)
                .body("{\"texts\": [\"ok\"]}")
                .post("/")
                .then()
                .statusCode(404)
                .body("field", equalTo("ce-type"));
    }
}
