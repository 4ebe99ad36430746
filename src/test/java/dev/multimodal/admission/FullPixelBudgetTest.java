package dev.multimodal.admission;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.runtime.CostBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
            return Map.of(
                    "mmf.image.max-pixels-in-flight",
                    "1000000",
                    "mmf.batch.retry-after-seconds",
                    "2",
                    "mmf.models.include",
                    "pp-ocrv4,all-minilm-l6-v2-q",
                    "mmf.image.threads",
                    "1",
                    "mmf.image.max-waiting",
                    "1");
        }
    }

    @Inject
    ImageAdmission admission;

    @Inject
    ImageWork imageWork;

    /**
     * While as many requests wait for the image threads as may (here one thread, one waiting), a
     * large body is refused at once, before it is parsed, and a small image request is refused when
     * its image would wait to be decoded; a small text request does not need those threads.
     */
    @Test
    void aFullQueueForTheImageThreadsRefusesAtOnce() throws Exception {
        String notJson = "{\"image\": \"" + "A".repeat(40_000) + "\" trailing garbage";
        String receipt = Files.readString(Path.of("functions/read-text/request.json"));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable hold = () -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        assertTrue(imageWork.tryRun(hold));
        assertTrue(running.await(10, TimeUnit.SECONDS));
        assertTrue(imageWork.tryRun(hold), "one may wait");
        try {
            Response refused =
                    given().contentType(ContentType.JSON).body(notJson).post("/read-text");
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals("2", refused.header("Retry-After"));
            assertTrue(refused.asString().contains("mmf.image.max-waiting"), refused.asString());
            Response decodeRefused =
                    given().contentType(ContentType.JSON).body(receipt).post("/read-text");
            assertEquals(503, decodeRefused.statusCode(), decodeRefused.asString());
            assertTrue(decodeRefused.asString().contains("mmf.image.max-waiting"), decodeRefused.asString());
            assertEquals(
                    200,
                    given().contentType(ContentType.JSON)
                            .body("{\"texts\": [\"a small one\"]}")
                            .post("/encode-text")
                            .statusCode());
        } finally {
            release.countDown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (imageWork.waiting() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Response bad = given().contentType(ContentType.JSON).body(notJson).post("/read-text");
        assertEquals(400, bad.statusCode(), "parsed once the threads are free: " + bad.asString());
        Response read = given().contentType(ContentType.JSON).body(receipt).post("/read-text");
        assertEquals(200, read.statusCode(), read.asString());
        assertEquals(0, admission.inFlight());
    }

    @Test
    void aFullBudgetRefusesBeforeTheBodyIsRead() {
        String notJson = "{\"image\": \"" + "A".repeat(40_000) + "\" trailing garbage";
        CostBudget.Lease everything = admission.budget().admit(1_000_000);
        try {
            Response refused =
                    given().contentType(ContentType.JSON).body(notJson).post("/read-text");
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals("2", refused.header("Retry-After"));
            assertTrue(refused.asString().contains("mmf.image.max-pixels-in-flight"), refused.asString());
            String texts = "{\"texts\": [\"" + "word ".repeat(4_000) + "\"]}";
            assertEquals(
                    200,
                    given().contentType(ContentType.JSON)
                            .body(texts)
                            .post("/encode-text")
                            .statusCode(),
                    "a text request over the same size is not an image request");
        } finally {
            everything.close();
        }
        Response bad = given().contentType(ContentType.JSON).body(notJson).post("/read-text");
        assertEquals(400, bad.statusCode(), bad.asString());
        assertEquals(0, admission.inFlight());
    }
}
