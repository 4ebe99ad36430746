package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.multimodal.util.TestImages;
import dev.multimodal.vision.TinyOnnxModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service with a clip model installed (the tests' CLIP-shaped one) and imageUrl turned on for
 * loopback: the clip model becomes the default image model, its text tower serves encode-text, and
 * images fetched by URL are read.
 */
@QuarkusTest
@TestProfile(ClipServiceTest.WithClip.class)
class ClipServiceTest {

    public static class WithClip implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path root = Files.createTempDirectory("mmf-clip");
                for (String id : List.of("all-minilm-l6-v2-q", "pp-ocrv4")) {
                    Files.createSymbolicLink(
                            root.resolve(id), Path.of("models", id).toAbsolutePath());
                }
                TinyOnnxModels.writeClip(root);
                return Map.of(
                        "mmf.models.dir",
                        root.toString(),
                        "mmf.image.url.enabled",
                        "true",
                        "mmf.image.url.allowed-cidrs",
                        "127.0.0.0/8");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static HttpServer server;

    @BeforeAll
    static void serveImages() throws IOException {
        byte[] receipt = Files.readAllBytes(Path.of("functions/read-text/receipt.png"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/receipt.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, receipt.length);
            exchange.getResponseBody().write(receipt);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String square(Color colour) throws IOException {
        BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 48, 32);
        g.setColor(colour);
        g.fillRect(10, 4, 28, 24);
        g.dispose();
        return Base64.getEncoder().encodeToString(TestImages.encode(image, "png"));
    }

    @Test
    void anInstalledClipModelIsTheDefaultAndRanksColourCaptions() throws IOException {
        List<String> captions = List.of("a green square", "a blue square", "a red square");
        Response texts = given().contentType(ContentType.JSON)
                .body(Map.of("texts", captions, "model", TinyOnnxModels.CLIP_ID))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("space", equalTo(TinyOnnxModels.CLIP_ID))
                .extract()
                .response();
        Response image = given().contentType(ContentType.JSON)
                .body(Map.of("image", square(Color.RED)))
                .post("/encode-image")
                .then()
                .statusCode(200)
                .body("model", equalTo(TinyOnnxModels.CLIP_ID))
                .body("family", equalTo("clip"))
                .body("space", equalTo(TinyOnnxModels.CLIP_ID))
                .body("vector", hasSize(TinyOnnxModels.CLIP_DIMENSION))
                .extract()
                .response();
        double best = -2;
        String bestCaption = null;
        for (int i = 0; i < captions.size(); i++) {
            double c = ImageFunctionsTest.cosine(image.path("vector"), texts.path("embeddings[" + i + "].vector"));
            if (c > best) {
                best = c;
                bestCaption = captions.get(i);
            }
        }
        assertTrue("a red square".equals(bestCaption), bestCaption + " " + best);
    }

    @Test
    void scoreCaptionsUsesTheClipModelAndItsLogitScale() throws IOException {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "image",
                        square(Color.BLUE),
                        "labels",
                        List.of("red square", "green square", "blue square"),
                        "template",
                        "a {}"))
                .post("/score-captions")
                .then()
                .statusCode(200)
                .body("model", equalTo(TinyOnnxModels.CLIP_ID))
                .body("logitScale", equalTo(100.0f))
                .body("captions[0].caption", equalTo("a blue square"))
                .body("captions[0].index", equalTo(2))
                .body("captions[0].probability", org.hamcrest.Matchers.greaterThan(0.9f));
    }

    @Test
    void ocrTextCanStillBeNamed() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "image",
                        Samples.json("encode-image", "request.json")
                                .get("image")
                                .asText(),
                        "model",
                        "ocr-text"))
                .post("/encode-image")
                .then()
                .statusCode(200)
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .body("text", equalTo(String.join("\n", SampleImages.RECEIPT)));
    }

    @Test
    void anImageUrlIsFetchedWhenTurnedOnAndItsAddressIsAllowed() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/receipt.png";
        given().contentType(ContentType.JSON)
                .body(Map.of("imageUrl", url))
                .post("/read-text")
                .then()
                .statusCode(200)
                .body("text", equalTo(String.join("\n", SampleImages.RECEIPT)));
        given().contentType(ContentType.JSON)
                .body(Map.of("imageUrl", url.replace("receipt", "missing")))
                .post("/read-text")
                .then()
                .statusCode(422)
                .body("field", equalTo("imageUrl"));
        given().contentType(ContentType.JSON)
                .body(Map.of("imageUrl", "file:///etc/passwd"))
                .post("/read-text")
                .then()
                .statusCode(400)
                .body("field", equalTo("imageUrl"));
    }
}
