package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.util.Flood;
import dev.multimodal.util.TestImages;
import dev.multimodal.video.TestVideo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Admission by cost: with room for about one 1.2 MP page, a burst of pages is answered with 503 +
 * Retry-After for the ones that do not fit (refused from the header, before decoding), the ones
 * admitted get their text, readiness stays UP throughout, and every pixel is given back.
 */
@QuarkusTest
@TestProfile(AdmissionTest.SmallPixelBudget.class)
class AdmissionTest {

    public static class SmallPixelBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mmf.image.max-pixels-in-flight",
                    "1500000",
                    "mmf.batch.retry-after-seconds",
                    "3",
                    "mmf.models.include",
                    "pp-ocrv4");
        }
    }

    @Test
    void aBurstOfLargePagesGets503sWhileHealthStaysUp() throws Exception {
        String body =
                "{\"image\": \"data:image/png;base64," + Base64.getEncoder().encodeToString(page()) + "\"}";
        ExecutorService clients = Executors.newFixedThreadPool(1);
        AtomicBoolean burstDone = new AtomicBoolean();
        Future<List<Integer>> probes = clients.submit(() -> {
            List<Integer> statuses = new ArrayList<>();
            while (!burstDone.get()) {
                statuses.add(given().get("/q/health/ready").statusCode());
            }
            return statuses;
        });
        Flood.Outcome flood = Flood.send(
                16,
                16,
                () -> given().contentType(ContentType.JSON).body(body).post("/read-text"),
                "3",
                shed -> assertTrue(shed.asString().contains("mmf.image.max-pixels-in-flight"), shed.asString()),
                served -> assertTrue(served.jsonPath().getString("text").contains("Admission"), served.asString()));
        burstDone.set(true);
        List<Integer> health = probes.get();
        clients.shutdown();
        assertTrue(flood.served() > 0, "some pages were read");
        assertTrue(flood.shed() > 0, "some pages were refused");
        assertTrue(!health.isEmpty() && health.stream().allMatch(s -> s == 200), "readiness stayed UP: " + health);
        String metric = null;
        for (int i = 0; i < 50; i++) { // the last answer's end handler may still be running
            metric = given().get("/q/metrics")
                    .asString()
                    .lines()
                    .filter(l -> l.startsWith("mmf_image_pixels_in_flight"))
                    .findFirst()
                    .orElse(null);
            if (metric != null && metric.endsWith(" 0.0")) {
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(metric);
        assertTrue(metric.endsWith(" 0.0"), "every admitted pixel was given back: " + metric);
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/read-text")
                .then()
                .statusCode(200);
    }

    /** Clips are admitted by their frame size from the same budget: a burst of 720p clips sheds some with 503. */
    @Test
    void aBurstOfClipsIsAdmittedByFrameSizeFromTheSameBudget() throws Exception {
        String body = "{\"video\": \""
                + Base64.getEncoder()
                        .encodeToString(TestVideo.clip()
                                .size(1280, 720)
                                .slide("navy", "ADMITTED", 1)
                                .slide("darkred", "BY COST", 1)
                                .bytes("admission.mp4"))
                + "\"}";
        Flood.Outcome flood = Flood.send(
                8,
                8,
                () -> given().contentType(ContentType.JSON).body(body).post("/read-video"),
                "3",
                shed -> assertTrue(shed.asString().contains("mmf.image.max-pixels-in-flight"), shed.asString()),
                served -> assertEquals("BY COST", served.jsonPath().getString("shots[1].text"), served.asString()));
        assertTrue(flood.served() > 0, "some clips were read");
        assertTrue(flood.shed() > 0, "some clips were refused: each holds 0.92 MP of a 1.5 MP budget");
    }

    /** A 1200 × 1000 page with one line of large text. */
    private static byte[] page() throws Exception {
        BufferedImage image = new BufferedImage(1200, 1000, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1200, 1000);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 64));
        g.drawString("Admission by cost", 100, 300);
        g.dispose();
        return TestImages.png(image);
    }
}
