package dev.multimodal.service;

import dev.multimodal.runtime.CostBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While the decoded-pixel budget is full, a large request to an image function is refused with 503
 * and Retry-After before its body is parsed: the same body, not JSON at all, is a 400 once there is
 * room. A text function is not refused for the image budget.
 */
@QuarkusTest
@TestProfile(FullPixelBudgetTest.Profile.class)
class FullPixelBudgetTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mmf.image.max-pixels-in-flight", "1000000", "mmf.batch.retry-after-seconds", "2",
                    "mmf.models.include", "pp-ocrv4,all-minilm-l6-v2-q");
        }
    }

    @Inject
    ImageAdmission admission;

    @Test
    void aFullBudgetRefusesBeforeTheBodyIsRead() {
        String notJson = "{\"image\": \"" + "A".repeat(40_000) + "\" trailing garbage";
        CostBudget.Lease everything = admission.budget().admit(1_000_000);
        try {
            Response refused = given().contentType(ContentType.JSON).body(notJson).post("/read-text");
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals("2", refused.header("Retry-After"));
            assertTrue(refused.asString().contains("mmf.image.max-pixels-in-flight"), refused.asString());
            String texts = "{\"texts\": [\"" + "word ".repeat(4_000) + "\"]}";
            assertEquals(200, given().contentType(ContentType.JSON).body(texts).post("/encode-text").statusCode(),
                    "a text request over the same size is not an image request");
        } finally {
            everything.close();
        }
        Response bad = given().contentType(ContentType.JSON).body(notJson).post("/read-text");
        assertEquals(400, bad.statusCode(), bad.asString());
        assertEquals(0, admission.inFlight());
    }
}
