package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analysis chain's functions in one application, each reply sent on as the next event by its
 * type, as a Broker's Triggers route it: an analysis goes only through the steps that have work.
 */
@QuarkusTest
class AnalysisChainTest {

    @Test
    void anImageAnalysisVisitsOnlyItsStepsCarryingSubjectCorrelationAndTrace() {
        JsonNode sample = Samples.json("analyze-route", "event-binary.json");
        ObjectNode headers = sample.get("headers").deepCopy();
        ChainEvents.Path path = ChainEvents.follow(headers, sample.get("data").toString());
        assertEquals(
                List.of("analyze-route", "analyze-image", "analyze-text", "analyze-fuse", "analyze-score"),
                path.sources(),
                "no speech step wakes for an image");
        assertEquals(
                List.of(
                        "dev.multimodal.analysis.image.requested",
                        "dev.multimodal.analysis.text.requested",
                        "dev.multimodal.analysis.fuse.requested",
                        "dev.multimodal.analysis.score.requested",
                        "dev.multimodal.analysis.scored"),
                path.types());
        JsonNode result = path.result();
        assertEquals(
                "a bakery receipt for two croissants",
                result.at("/captionScores/0/caption").asText());
        assertEquals(
                "Corner Bakery\n2 croissants 5.40\nTotal 5.40 EUR",
                result.at("/imageVector/text").asText());
        assertEquals("all-minilm-l6-v2-q", result.at("/fused/space").asText());
        assertEquals(4, result.get("timings").size(), result.get("timings").toString());
        assertEquals(384, result.at("/fused/vector").size());
        // every hop keeps the subject, the correlation id and the trace
        Samples.binaryEvent(headers.put("ce-type", "dev.multimodal.analysis.image.requested"))
                .body(sample.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-subject", "receipt-77")
                .header("ce-correlationid", "order-4711")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void anImageWithoutATextIsEncodedWithTheTextItReadsAndWakesNoSpeechStep() {
        JsonNode receipt = Samples.json("analyze-route", "request.json");
        ObjectNode data = receipt.deepCopy();
        data.remove("text");
        ChainEvents.Path path =
                ChainEvents.follow(ChainEvents.headers(ChainEvents.REQUESTED, "image-only-1"), data.toString());
        assertEquals(
                List.of("analyze-route", "analyze-image", "analyze-text", "analyze-fuse", "analyze-score"),
                path.sources());
    }

    @Test
    void aStructuredEventGetsAStructuredReplyWithTheAttributes() {
        JsonNode sample = Samples.json("analyze-image", "event-structured.json");
        given().contentType("application/cloudevents+json")
                .body(sample.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo("dev.multimodal.analysis.text.requested"))
                .body("source", equalTo("analyze-image"))
                .body("subject", equalTo("receipt-78"))
                .body("correlationid", equalTo("order-4712"))
                .body("traceparent", equalTo("00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b8-01"))
                .body("data.imageVector.vector", hasSize(384))
                .body("data.captions", hasSize(3));
    }

    @Test
    void aChainWithoutACorrelationIdStartsOneFromTheFirstEventsId() {
        JsonNode sample = Samples.json("analyze-route", "event-binary.json");
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
    void theRouteRefusesAnAnalysisWithoutAMediumBeforeAnyStepStarts() {
        ObjectNode nothing = Samples.json("analyze-route", "request.json").deepCopy();
        nothing.remove("image");
        Samples.binaryEvent(ChainEvents.headers(ChainEvents.REQUESTED, "nothing-1"))
                .body(nothing.toString())
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("image"));
    }

    @Test
    void aStepWithoutItsInputIsA4xxSoTheBrokerDoesNotRetry() {
        JsonNode sample = Samples.json("analyze-image", "event-binary.json");
        ObjectNode headers = sample.get("headers").deepCopy();
        headers.put("ce-type", "dev.multimodal.analysis.fuse.requested");
        Samples.binaryEvent(headers)
                .body(sample.get("data").toString())
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("imageVector"));
    }

    @ParameterizedTest
    @CsvSource({
        "analyze-route, dev.multimodal.analysis.image.requested",
        "analyze-image, dev.multimodal.analysis.text.requested",
        "analyze-text, dev.multimodal.analysis.fuse.requested",
        "analyze-fuse, dev.multimodal.analysis.score.requested",
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
