package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.multimodal.util.TestImages;
import dev.multimodal.vision.TinyOnnxModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No answer carries NaN (issue 26): a model that computes NaN for a request fails it with a 503 that
 * names the model, and turns readiness DOWN saying why; a model whose warm-up computes NaN is never READY.
 */
@QuarkusTest
@TestProfile(NonFiniteOutputTest.NanModels.class)
class NonFiniteOutputTest {

    public static class NanModels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path root = Files.createTempDirectory("mmf-nan");
                TinyOnnxModels.writeRatioImageEncoder(root, "ratio-vit");
                TinyOnnxModels.writeVectorHead(root, "nan-head", "fusion", "ratio-vit", null, 3, 3, new float[] {
                    1, 0, 0, 0, Float.NaN, 0, 0, 0, 1
                });
                return Map.of("mmf.models.dir", root.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String plain(Color colour) throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        return Base64.getEncoder().encodeToString(TestImages.png(image));
    }

    @Test
    void aModelThatComputesNanFailsTheRequestNamingItAndTurnsReadinessDown() throws IOException {
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'models' }.data.ratio-vit", equalTo("READY on cpu"))
                .body(
                        "checks.find { it.name == 'models' }.data.nan-head",
                        allOf(
                                containsString("FAILED"),
                                containsString("field 'warm-up'"),
                                containsString("model 'nan-head' computed NaN")));

        given().contentType(ContentType.JSON)
                .body(Map.of("image", plain(Color.WHITE), "model", "ratio-vit"))
                .post("/encode-image")
                .then()
                .statusCode(200)
                .body("vector", hasSize(3));

        String answer = given().contentType(ContentType.JSON)
                .body(Map.of("image", plain(Color.BLACK), "model", "ratio-vit"))
                .post("/encode-image")
                .then()
                .statusCode(503)
                .body("field", equalTo("model"))
                .body(
                        "error",
                        allOf(containsString("model 'ratio-vit' computed NaN"), not(containsString("Exception"))))
                .extract()
                .asString();
        org.junit.jupiter.api.Assertions.assertFalse(answer.contains("\"NaN\""), answer);

        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body(
                        "checks.find { it.name == 'models' }.data.ratio-vit",
                        allOf(containsString("FAILED"), containsString("NaN")));
        given().get("/q/health/live").then().statusCode(200);
    }
}
