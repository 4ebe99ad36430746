package dev.multimodal.admission;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.CostBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Text work is admitted by its characters before it is tokenised: a full budget refuses with 503 +
 * Retry-After at once, and a request that could never fit the model's queue gets its 413 from its
 * size; in neither case is a text handed to the tokenizer (its own count says so).
 */
@QuarkusTest
@TestProfile(TextAdmissionTest.Profile.class)
class TextAdmissionTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mmf.text.max-chars-in-flight",
                    "5000",
                    "mmf.batch.retry-after-seconds",
                    "3",
                    "mmf.models.include",
                    "all-minilm-l6-v2-q");
        }
    }

    @Inject
    TextAdmission admission;

    @Inject
    ModelService models;

    private long tokenized() {
        return models.textEncoder(null).tokenized();
    }

    @Test
    void aFullBudgetRefusesBeforeTokenising() {
        assertEquals(5000, admission.capacity(), "an explicit setting overrides the derived default");
        CostBudget.Lease everything = admission.budget().admit(5000);
        long before = tokenized();
        try {
            Response refused = given().contentType(ContentType.JSON)
                    .body("{\"texts\": [\"a small one\"]}")
                    .post("/encode-text");
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals("3", refused.header("Retry-After"));
            assertTrue(refused.asString().contains("mmf.text.max-chars-in-flight"), refused.asString());
            assertEquals(before, tokenized(), "refused before the tokenizer saw it");
        } finally {
            everything.close();
        }
        assertEquals(
                200,
                given().contentType(ContentType.JSON)
                        .body("{\"texts\": [\"a small one\"]}")
                        .post("/encode-text")
                        .statusCode());
        assertEquals(0, admission.inFlight(), "the characters are given back with the answer");
    }

    @Test
    void aRequestThatCanNeverFitGets413FromItsSize() {
        String text = "word ".repeat(20_000);
        String body = "{\"overflow\": \"average\", \"texts\": [\""
                + String.join("\", \"", Collections.nCopies(16, text)) + "\"]}";
        long before = tokenized();
        Response refused = given().contentType(ContentType.JSON).body(body).post("/encode-text");
        assertEquals(413, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("mmf.batch.queue-capacity"), refused.asString());
        assertEquals(before, tokenized(), "no text was tokenised");
        assertEquals(0, admission.inFlight());
    }
}
