package dev.multimodal.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Export.EncodeText.class)
class EncodeTextOnLambdaTest {

    @Test
    void theSampleRequestGetsOneUnitVectorPerText() {
        MockLambda.Invocation answer = MockLambda.invoke(MockLambda.sample("encode-text"));

        assertEquals(200, answer.status(), () -> "function error: " + answer.body());
        JsonNode body = answer.body();
        assertEquals("all-minilm-l6-v2-q", body.get("model").asText());
        assertEquals(384, body.get("dimension").asInt());
        assertEquals(2, body.get("embeddings").size());
        for (JsonNode embedding : body.get("embeddings")) {
            JsonNode vector = embedding.get("vector");
            assertEquals(384, vector.size());
            double norm = 0;
            for (JsonNode x : vector) {
                norm += x.asDouble() * x.asDouble();
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-3);
        }
        assertFalse(body.has("status"), "a normal answer carries no refusal status");
    }

    @Test
    void badInputIsAReadableResultNamingTheFieldNotAFunctionError() {
        MockLambda.Invocation empty = MockLambda.invoke("{\"texts\": []}");

        assertEquals(200, empty.status(), "a refusal is the invocation's result, so Lambda does not retry it");
        assertEquals(400, empty.body().get("status").asInt());
        assertEquals("texts", empty.body().get("field").asText());
        assertTrue(
                empty.body().get("error").asText().contains("texts is empty"),
                empty.body().toString());

        MockLambda.Invocation blank = MockLambda.invoke("{\"texts\": [\"fine\", \"  \"]}");
        assertEquals(200, blank.status());
        assertEquals(400, blank.body().get("status").asInt());
        assertEquals("texts[1]", blank.body().get("field").asText());
    }

    @Test
    void tooManyTextsIs413WithTheLimit() {
        StringBuilder texts = new StringBuilder("{\"texts\": [");
        for (int i = 0; i < 1000; i++) {
            texts.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        MockLambda.Invocation answer = MockLambda.invoke(texts.append("]}").toString());

        assertEquals(200, answer.status());
        assertEquals(413, answer.body().get("status").asInt());
        assertEquals("texts", answer.body().get("field").asText());
        assertTrue(
                answer.body().get("error").asText().contains("mmf.text.max-texts"),
                answer.body().toString());
    }
}
