package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The analysis chain's six functions in one application, each reply sent on as the next event. */
@QuarkusTest
class AnalysisChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void binaryEventsRunTheChainCarryingSubjectCorrelationAndTrace() throws Exception {
        JsonNode sample = Samples.json("analyze-image", "event-binary.json");
        ObjectNode headers = sample.get("headers").deepCopy();
        String data = sample.get("data").toString();
        String[] expected = {
            "dev.multimodal.analysis.image.encoded",
            "dev.multimodal.analysis.audio.encoded",
            "dev.multimodal.analysis.video.encoded",
            "dev.multimodal.analysis.text.encoded",
            "dev.multimodal.analysis.fused",
            "dev.multimodal.analysis.scored"
        };
        String[] sources = {
            "analyze-image", "analyze-audio", "analyze-video", "analyze-text", "analyze-fuse", "analyze-score"
        };
        Response reply = null;
        for (int hop = 0; hop < sources.length; hop++) {
            reply = Samples.binaryEvent(headers)
                    .body(data)
                    .post("/")
                    .then()
                    .statusCode(200)
                    .header("ce-type", expected[hop])
                    .header("ce-source", sources[hop])
                    .header("ce-subject", "receipt-77")
                    .header("ce-correlationid", "order-4711")
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .extract()
                    .response();
            headers.put("ce-type", reply.header("ce-type"));
            headers.put("ce-id", reply.header("ce-id"));
            headers.put("ce-source", reply.header("ce-source"));
            data = reply.asString();
        }
        JsonNode result = JSON.readTree(data);
        assertEquals(
                "a bakery receipt for two croissants",
                result.at("/captionScores/0/caption").asText());
        assertEquals(
                "Corner Bakery\n2 croissants 5.40\nTotal 5.40 EUR",
                result.at("/imageVector/text").asText());
        assertEquals("all-minilm-l6-v2-q", result.at("/fused/space").asText());
        assertEquals(
                4, result.get("timings").size(), "the audio and video steps had no work: " + result.get("timings"));
        assertEquals(384, result.at("/fused/vector").size());
    }

    @Test
    void aStructuredEventGetsAStructuredReplyWithTheAttributes() {
        JsonNode sample = Samples.json("analyze-image", "event-structured.json");
        given().contentType("application/cloudevents+json")
                .body(sample.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo("dev.multimodal.analysis.image.encoded"))
                .body("source", equalTo("analyze-image"))
                .body("subject", equalTo("receipt-78"))
                .body("correlationid", equalTo("order-4712"))
                .body("traceparent", equalTo("00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b8-01"))
                .body("data.imageVector.vector", hasSize(384))
                .body("data.captions", hasSize(3));
    }

    @Test
    void aChainWithoutACorrelationIdStartsOneFromTheFirstEventsId() {
        JsonNode sample = Samples.json("analyze-image", "event-binary.json");
        ObjectNode headers = sample.get("headers").deepCopy();
        headers.remove("ce-correlationid");
        Samples.binaryEvent(headers)
                .body(sample.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-correlationid", "c0ffee00-0000-4000-8000-000000000001");
    }

    @Test
    void aStepWithoutItsInputIsA4xxSoTheBrokerDoesNotRetry() {
        JsonNode sample = Samples.json("analyze-image", "event-binary.json");
        ObjectNode headers = sample.get("headers").deepCopy();
        headers.put("ce-type", "dev.multimodal.analysis.text.encoded");
        Samples.binaryEvent(headers)
                .body(sample.get("data").toString())
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("imageVector"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "analyze-image, dev.multimodal.analysis.image.encoded",
        "analyze-text, dev.multimodal.analysis.text.encoded",
        "analyze-fuse, dev.multimodal.analysis.fused",
        "analyze-score, dev.multimodal.analysis.scored"
    })
    void eachStepsSampleEventsGetTheNextType(String function, String replyType) {
        JsonNode binary = Samples.json(function, "event-binary.json");
        Samples.binaryEvent(binary.get("headers"))
                .body(binary.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-type", replyType)
                .header("ce-source", function);
        JsonNode structured = Samples.json(function, "event-structured.json");
        given().contentType("application/cloudevents+json")
                .body(structured.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo(replyType))
                .body("source", equalTo(function));
    }
}
