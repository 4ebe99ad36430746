package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.util.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** read-text and encode-image over HTTP and as CloudEvents, on the committed sample image. */
@QuarkusTest
class ImageFunctionsTest {

    private static final String RECEIPT = String.join("\n", SampleImages.RECEIPT);

    @Test
    void readTextReadsTheSampleReceiptLineByLine() {
        given().contentType(ContentType.JSON)
                .body(Samples.text("read-text", "request.json"))
                .post("/read-text")
                .then()
                .statusCode(200)
                .body("model", equalTo("pp-ocrv4"))
                .body("text", equalTo(RECEIPT))
                .body("lines", hasSize(3))
                .body("lines[0].text", equalTo("Corner Bakery"))
                .body("lines[0].box", hasSize(4))
                .body("lines[0].rotated", equalTo(false))
                .body("width", equalTo(sampleWidth()));
    }

    @Test
    void encodeImageDefaultsToOcrTextInTheTextModelsSpace() {
        Response image = given().contentType(ContentType.JSON)
                .body(Samples.text("encode-image", "request.json"))
                .post("/encode-image")
                .then()
                .statusCode(200)
                .body("model", equalTo("ocr-text"))
                .body("family", equalTo("ocr-text"))
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .body("dimension", equalTo(384))
                .body("version", startsWith("pp-ocrv4@"))
                .body("text", equalTo(RECEIPT))
                .extract()
                .response();
        Response text = given().contentType(ContentType.JSON)
                .body(Map.of("texts", List.of(RECEIPT, "Quarterly revenue grew by twelve percent.")))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .extract()
                .response();
        double same = cosine(image.path("vector"), text.path("embeddings[0].vector"));
        double other = cosine(image.path("vector"), text.path("embeddings[1].vector"));
        assertTrue(same > 0.95 && other < 0.3, "receipt image vs its text " + same + ", vs another text " + other);
    }

    @Test
    void bothFunctionsAnswerBinaryAndStructuredCloudEvents() {
        for (String[] f : new String[][] {
            {"read-text", "dev.multimodal.image.read"}, {"encode-image", "dev.multimodal.image.encoded"}
        }) {
            JsonNode binary = Samples.json(f[0], "event-binary.json");
            Samples.binaryEvent(binary.get("headers"))
                    .body(binary.get("data").toString())
                    .post("/")
                    .then()
                    .statusCode(200)
                    .header("ce-type", f[1])
                    .header("ce-source", f[0])
                    .body("text", equalTo(RECEIPT));
            JsonNode structured = Samples.json(f[0], "event-structured.json");
            given().contentType("application/cloudevents+json")
                    .body(structured.toString())
                    .post("/")
                    .then()
                    .statusCode(200)
                    .body("type", equalTo(f[1]))
                    .body("source", equalTo(f[0]))
                    .body("data.text", equalTo(RECEIPT));
        }
    }

    @Test
    void hostileAndBrokenImagesGetClear4xxAndTheServiceStaysReady() throws Exception {
        byte[] png = TestImages.encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        byte[] random = new byte[4096];
        new Random(3).nextBytes(random);
        Object[][] cases = {
            {"{}", 400, "image"},
            {"{\"image\": \"\"}", 400, "image"},
            {"{\"image\": \"%%% not base64 %%%\"}", 400, "image"},
            {"{\"image\": 42}", 400, "image"},
            {"{\"image\": \"" + b64(png) + "\", \"imageUrl\": \"https://example.org/a.png\"}", 400, "imageUrl"},
            {"{\"image\": \"" + b64(random) + "\"}", 415, "image"},
            {"{\"image\": \"" + b64(Arrays.copyOf(png, 60)) + "\"}", 400, "image"},
            {
                "{\"image\": \"" + b64(TestImages.encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png"))
                        + "\"}",
                400,
                "image"
            },
            {"{\"image\": \"data:image/jpeg;base64," + b64(png) + "\"}", 415, "image"},
            {"{\"image\": \"" + b64(TestImages.pngHeaderClaiming(100_000, 100_000)) + "\"}", 413, "image"},
            {"{\"imageUrl\": \"http://127.0.0.1/x.png\"}", 422, "imageUrl"},
            {"{\"image\": \"" + b64(png) + "\", \"model\": \"nope\"}", 422, "model"},
        };
        for (String function : List.of("read-text", "encode-image")) {
            for (Object[] c : cases) {
                given().contentType(ContentType.JSON)
                        .body((String) c[0])
                        .post("/" + function)
                        .then()
                        .statusCode((int) c[1])
                        .body("field", equalTo(c[2]))
                        .body("error", containsString(""));
            }
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Samples.text("read-text", "request.json"))
                .post("/read-text")
                .then()
                .statusCode(200)
                .body("text", equalTo(RECEIPT));
    }

    @Test
    void readinessListsTheUninstalledClipModelWithoutGoingDown() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'models' }.data.'clip-vit-b-32'", startsWith("NOT_INSTALLED"))
                .body("checks.find { it.name == 'models' }.data.'pp-ocrv4'", startsWith("READY"));
    }

    @Test
    void stageTimesAreExportedForTheBenchmark() {
        given().contentType(ContentType.JSON)
                .body(Samples.text("read-text", "request.json"))
                .post("/read-text")
                .then()
                .statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String stage : List.of("decode", "preprocess", "postprocess")) {
            assertTrue(
                    metrics.contains("mmf_image_stage_seconds_count{function=\"read-text\",stage=\"" + stage + "\"}"),
                    stage);
        }
        assertTrue(metrics.contains("mmf_inference_time_seconds_count{model=\"pp-ocrv4/recognition\"}"));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static int sampleWidth() {
        try {
            return javax.imageio.ImageIO.read(
                            Path.of("functions/read-text/receipt.png").toFile())
                    .getWidth();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double cosine(List<Float> a, List<Float> b) {
        assertEquals(a.size(), b.size());
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }
}
