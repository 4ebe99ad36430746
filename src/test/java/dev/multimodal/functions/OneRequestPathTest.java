package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same bad input sent to a function, to the chain step that does the same work (as a binary
 * CloudEvent, as a broker sends it), to the chain's entry (which checks the inputs before any step
 * starts) and to the gateway gets the same refusal from each: the same status and the same words,
 * since all of them run one use case with one set of limits.
 */
@QuarkusTest
class OneRequestPathTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPACE = "all-minilm-l6-v2-q";
    private static final String TOO_LONG = "word ".repeat(20_001); // 100,005 characters: over mmf.text.max-chars
    private static final String HUGE_DOCUMENT = "A sentence of a long report. ".repeat(180_000); // about 5 MB

    private static String receipt() {
        return Samples.json("read-text", "request.json").get("image").asText();
    }

    /** An envelope as the step before {@code type} leaves it, with a vector of the text model's size. */
    private static ObjectNode envelope(boolean fused) {
        ObjectNode a = JSON.createObjectNode();
        ObjectNode encoded = a.putObject("imageVector");
        encoded.put("model", "ocr-text").put("space", SPACE).put("text", "Corner Bakery");
        ArrayNode vector = encoded.putArray("vector");
        for (int i = 0; i < 384; i++) {
            vector.add(i == 0 ? 1f : 0f);
        }
        a.set("textVector", encoded.deepCopy());
        if (fused) {
            a.set("fused", encoded.deepCopy());
        }
        return a;
    }

    private static Response event(String type, ObjectNode data) {
        return given().contentType("application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", "parity-1")
                .header("ce-source", "test")
                .header("ce-type", type)
                .body(data.toString())
                .post("/");
    }

    private static Response post(String path, Object body) {
        return given().contentType("application/json").body(body.toString()).post(path);
    }

    private static void sameRefusal(int status, String setting, Response... answers) {
        String first = null;
        for (Response answer : answers) {
            assertEquals(status, answer.statusCode(), answer.asString());
            String error = answer.jsonPath().getString("error");
            assertTrue(setting == null || error.contains(setting), error);
            // the words after the field name are the same wherever the limit was applied
            String words = error.substring(error.indexOf(' '));
            if (first == null) {
                first = words;
            }
            assertEquals(first, words, "the same refusal from every entry point");
        }
    }

    @Test
    void aTextOverTheLimitIsRefusedAlikeByTheFunctionTheChainStepAndTheGateway() {
        ObjectNode function = JSON.createObjectNode();
        function.putArray("texts").add(TOO_LONG);
        ObjectNode step = envelope(false);
        step.remove("textVector");
        step.put("text", TOO_LONG);
        ObjectNode gateway = JSON.createObjectNode().put("image", receipt()).put("text", TOO_LONG);
        gateway.putArray("captions").add("a receipt");
        sameRefusal(
                413,
                "mmf.text.max-chars",
                post("/encode-text", function),
                event("dev.multimodal.analysis.text.requested", step),
                event("dev.multimodal.analysis.requested", gateway),
                post("/v1/analyze", gateway));
    }

    @Test
    void aDocumentOverTheLimitIsA413EverywhereAndFast() {
        ObjectNode function = JSON.createObjectNode().put("document", HUGE_DOCUMENT);
        function.putArray("summaries").add("A report.");
        ObjectNode step = envelope(true).put("document", HUGE_DOCUMENT);
        step.putArray("summaries").add("A report.");
        ObjectNode gateway = JSON.createObjectNode().put("image", receipt()).put("document", HUGE_DOCUMENT);
        gateway.putArray("summaries").add("A report.");
        Response viaFunction = post("/score-summaries", function);
        Response viaStep = event("dev.multimodal.analysis.score.requested", step);
        Response viaGateway = post("/v1/analyze", gateway);
        sameRefusal(413, "mmf.scoring.max-document-chars", viaFunction, viaStep, viaGateway);
        for (Response r : List.of(viaFunction, viaStep, viaGateway)) {
            assertEquals("document", r.jsonPath().getString("field"));
        }
    }

    @Test
    void aNullCaptionIsA400NamingTheItemEverywhere() {
        ObjectNode function = JSON.createObjectNode().put("image", receipt());
        function.putArray("captions").add("a receipt").add(JsonNodeFactory.instance.nullNode());
        ObjectNode step = envelope(true);
        step.putArray("captions").add("a receipt").add(JsonNodeFactory.instance.nullNode());
        ObjectNode gateway = JSON.createObjectNode().put("image", receipt());
        gateway.putArray("captions").add("a receipt").add(JsonNodeFactory.instance.nullNode());
        Response viaFunction = post("/score-captions", function);
        Response viaStep = event("dev.multimodal.analysis.score.requested", step);
        Response viaGateway = post("/v1/analyze", gateway);
        sameRefusal(400, null, viaFunction, viaStep, viaGateway);
        for (Response r : List.of(viaFunction, viaStep, viaGateway)) {
            assertEquals("captions[1]", r.jsonPath().getString("field"));
        }
    }

    @Test
    void tooManyCaptionsAreA413FromTheChainAsFromTheFunction() {
        ObjectNode function = JSON.createObjectNode().put("image", receipt());
        ObjectNode step = envelope(true);
        ArrayNode a = function.putArray("captions");
        ArrayNode b = step.putArray("captions");
        for (int i = 0; i < 257; i++) {
            a.add("caption " + i);
            b.add("caption " + i);
        }
        sameRefusal(
                413,
                "mmf.scoring.max-captions",
                post("/score-captions", function),
                event("dev.multimodal.analysis.score.requested", step));
    }
}
