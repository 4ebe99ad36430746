package dev.multimodal.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Export.Fuse.class)
class FuseOnLambdaTest {

    @Test
    void theSampleRequestGetsOneVectorInTheTextModelsSpace() {
        MockLambda.Invocation answer = MockLambda.invoke(MockLambda.sample("fuse"));

        assertEquals(200, answer.status(), () -> "function error: " + answer.body());
        JsonNode body = answer.body();
        assertEquals(384, body.get("dimension").asInt());
        assertEquals(384, body.get("vector").size());
        assertEquals("all-minilm-l6-v2-q", body.get("space").asText());
        assertEquals("weighted-average", body.get("strategy").asText());
    }

    @Test
    void aVectorWithoutItsSpaceIsRefusedByField() {
        MockLambda.Invocation answer = MockLambda.invoke("{\"parts\": [{\"vector\": [0.1, 0.2]}]}");

        assertEquals(200, answer.status());
        assertEquals(400, answer.body().get("status").asInt());
        assertEquals("parts[0].space", answer.body().get("field").asText());
    }
}
