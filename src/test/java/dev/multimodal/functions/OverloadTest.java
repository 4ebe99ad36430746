package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.api.EncodeTextRequest;
import dev.multimodal.util.Flood;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small queue: a flood gets 503 + Retry-After, never a 500, and the service recovers. */
@QuarkusTest
@TestProfile(OverloadTest.SmallQueue.class)
class OverloadTest {

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mmf.batch.queue-capacity",
                    "32",
                    "mmf.batch.max-size",
                    "32",
                    "mmf.batch.retry-after-seconds",
                    "2",
                    "mmf.models.include",
                    "all-minilm-l6-v2-q");
        }
    }

    @Test
    void aFloodIsShedWith503AndRetryAfter() throws Exception {
        String longText = "the quick brown fox jumps over the lazy dog ".repeat(30);
        EncodeTextRequest request = new EncodeTextRequest(Collections.nCopies(32, longText), null, null);
        Flood.Outcome flood = Flood.send(
                24,
                48,
                () -> given().contentType(ContentType.JSON).body(request).post("/encode-text"),
                "2",
                shed -> assertTrue(shed.asString().contains("queue"), shed.asString()),
                served -> {});
        assertTrue(flood.served() > 0, "some requests were served");
        assertTrue(flood.shed() > 0, "some requests were shed");
        given().get("/q/health/ready").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"after the flood\"]}")
                .post("/encode-text")
                .then()
                .statusCode(200);
    }

    /** OpenAI's embeddings path sheds the same flood with the same status and Retry-After, in OpenAI's shape. */
    @Test
    void openAisEmbeddingsAreShedAlikeInOpenAisErrorShape() throws Exception {
        String longText = "the quick brown fox jumps over the lazy dog ".repeat(30);
        Map<String, Object> request = Map.of("input", Collections.nCopies(32, longText));
        Flood.Outcome flood = Flood.send(
                24,
                48,
                () -> given().contentType(ContentType.JSON).body(request).post("/v1/embeddings"),
                "2",
                shed -> {
                    assertEquals("server_error", shed.path("error.type"), shed.asString());
                    assertTrue(shed.<String>path("error.message").contains("queue"), shed.asString());
                },
                served -> {});
        assertTrue(flood.shed() > 0, "some requests were shed");
        given().contentType(ContentType.JSON)
                .body(Map.of("input", Collections.nCopies(33, "t")))
                .post("/v1/embeddings")
                .then()
                .statusCode(413)
                .body("error.param", equalTo("input"))
                .body("error.message", containsString("mmf.batch.queue-capacity"));
    }

    @Test
    void aRequestThatCanNeverFitTheQueueIs413Not503() {
        given().contentType(ContentType.JSON)
                .body(new EncodeTextRequest(Collections.nCopies(33, "t"), null, null))
                .post("/encode-text")
                .then()
                .statusCode(413)
                .body("field", equalTo("texts"))
                .body("error", containsString("mmf.batch.queue-capacity"));
    }
}
