package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.TestModels;
import dev.multimodal.audio.AudioModels;
import dev.multimodal.audio.TestAudio;
import dev.multimodal.image.RenderedText;
import dev.multimodal.training.TrainHead;
import dev.multimodal.util.TestImages;
import dev.multimodal.video.TestVideo;
import dev.multimodal.vision.TinyOnnxModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** predict over HTTP and CloudEvents, with heads made by the train-head command before the service starts. */
@QuarkusTest
@TestProfile(PredictFunctionTest.WithHeads.class)
class PredictFunctionTest {

    public static class WithHeads implements QuarkusTestProfile {

        private static final String MADE = "multimodal.test.heads-dir";

        /**
         * Asked for more than once per run, from different class loaders: the folder is remembered in
         * a system property, which the whole JVM shares, so the heads are made once.
         */
        @Override
        public Map<String, String> getConfigOverrides() {
            synchronized (System.class) {
                if (System.getProperty(MADE) == null) {
                    System.setProperty(MADE, makeHeads().toString());
                }
            }
            return Map.of("mmf.models.dir", System.getProperty(MADE), "mmf.fusion.projections.toy2", "toy2-to-toy");
        }

        private static Path makeHeads() {
            try {
                Path root = Files.createTempDirectory("mmf-heads");
                for (String id : List.of(TestModels.INT8, TestModels.OCR, AudioModels.VAD, AudioModels.ASR)) {
                    Files.createSymbolicLink(
                            root.resolve(id), Path.of("models", id).toAbsolutePath());
                }
                // the train-head command itself, in its own JVM (the tokenizer's native library can be
                // loaded by one class loader per JVM, and this one belongs to the service under test)
                trainHead(root, "--id", "topics", "--task", "classification");
                trainHead(root, "--id", "topic-clusters", "--task", "clustering", "--clusters", "3");
                // a fusion head: two 3-d "toy" vectors → (a + b) / 2 + the first coordinate of a in the third
                TinyOnnxModels.writeVectorHead(root, "toy-fusion", "fusion", "toy", null, 6, 3, new float[] {
                    0.5f, 0, 1, 0, 0.5f, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 0.5f, 0, 0, 0, 0.5f
                });
                // a projection: 2-d "toy2" vectors into the 3-d "toy" space, (x, y) → (x, y, x + y)
                TinyOnnxModels.writeVectorHead(
                        root, "toy2-to-toy", "projection", "toy2", "toy", 2, 3, new float[] {1, 0, 1, 0, 1, 1});
                return root;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void trainHead(Path models, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TrainHead.class.getName(),
                "--data",
                "functions/predict/topics.jsonl",
                "--models",
                models.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0 || !output.contains("train-head: wrote")) {
            throw new IllegalStateException("train-head failed:\n" + output);
        }
        System.out.print(output.lines()
                .filter(l -> l.startsWith("train-head:"))
                .map(l -> l + "\n")
                .reduce("", String::concat));
    }

    private static String png(String line) throws Exception {
        return Base64.getEncoder()
                .encodeToString(TestImages.encode(
                        RenderedText.render(
                                        List.of(RenderedText.Line.of(line)),
                                        new Font(Font.SANS_SERIF, Font.PLAIN, 30),
                                        Color.BLACK,
                                        Color.WHITE)
                                .image(),
                        "png"));
    }

    @Test
    void aTextIsClassifiedWithEveryLabelsProbability() {
        given().contentType(ContentType.JSON)
                .body(Samples.text("predict", "request.json"))
                .post("/predict")
                .then()
                .statusCode(200)
                .body("model", equalTo("topics"))
                .body("task", equalTo("classification"))
                .body("space", equalTo(TestModels.INT8))
                .body("label", equalTo("sports"))
                .body("probabilities", aMapWithSize(4))
                .body("value", nullValue());
    }

    @Test
    void anImageIsReadEncodedAndClassifiedAndATextAndImageAreFused() throws Exception {
        String image = png("Heavy snow and strong winds are expected tonight");
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "image", image))
                .post("/predict")
                .then()
                .statusCode(200)
                .body("label", equalTo("weather"))
                .body("text", equalTo("Heavy snow and strong winds are expected tonight"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "model",
                        "topics",
                        "image",
                        image,
                        "text",
                        "Roads are icy and the temperature will fall below zero."))
                .post("/predict")
                .then()
                .statusCode(200)
                .body("label", equalTo("weather"));
    }

    @Test
    void aRecordingIsPredictedOnByWhatIsSaidAndAClipByWhatItShows() throws Exception {
        String speech = Base64.getEncoder()
                .encodeToString(Files.readAllBytes(
                        TestAudio.flite("predict-weather", "heavy snow and strong winds are expected tonight")));
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "audio", speech))
                .post("/predict")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .body("label", equalTo("weather"));
        String clip = Base64.getEncoder()
                .encodeToString(TestVideo.clip()
                        .size(640, 360)
                        .slide("darkgreen", "THE STRIKER SCORED TWICE", 2)
                        .slide("navy", "TO WIN THE DERBY", 2)
                        .bytes("predict-sports.mp4"));
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "video", clip))
                .post("/predict")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .body("label", equalTo("sports"));
        // both, fused by the head's strategy: the recording's weather against the clip's football
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "audio", speech, "video", clip, "text", "snow and ice tonight"))
                .post("/predict")
                .then()
                .statusCode(200)
                .body("label", equalTo("weather"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "audio", "not base64!"))
                .post("/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("audio"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "video", "AAAA"))
                .post("/predict")
                .then()
                .statusCode(415)
                .body("field", equalTo("video"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "audio", speech, "vector", List.of(1, 2), "space", "x"))
                .post("/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("vector"));
    }

    @Test
    void aVectorFromEncodeTextGetsTheSameAnswerAndOtherSpacesOrSizesAreRefused() {
        List<Float> vector = given().contentType(ContentType.JSON)
                .body(Map.of("texts", List.of("Update the firmware and restart the router.")))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .extract()
                .path("embeddings[0].vector");
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "vector", vector, "space", TestModels.INT8))
                .post("/predict")
                .then()
                .statusCode(200)
                .body("label", equalTo("technology"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "vector", vector, "space", "clip-vit-b-32"))
                .post("/predict")
                .then()
                .statusCode(422)
                .body("field", equalTo("vector"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "vector", List.of(0.1, 0.2), "space", TestModels.INT8))
                .post("/predict")
                .then()
                .statusCode(422)
                .body("field", equalTo("vector"));
    }

    @Test
    void aClusteringHeadGivesAClusterAndItsDistances() {
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topic-clusters", "text", "Bake the bread for forty minutes."))
                .post("/predict")
                .then()
                .statusCode(200)
                .body("task", equalTo("clustering"))
                .body("cluster", notNullValue())
                .body("distances", hasSize(3))
                .body("label", nullValue());
    }

    @Test
    void learnedFusionRunsTheFusionHeadOverTheConcatenatedParts() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "strategy",
                        "learned",
                        "head",
                        "toy-fusion",
                        "normalize",
                        false,
                        "parts",
                        List.of(
                                Map.of("vector", List.of(2, 4, 6), "space", "toy"),
                                Map.of("vector", List.of(0, 2, 2), "space", "toy"))))
                .post("/fuse")
                .then()
                .statusCode(200)
                .body("vector", equalTo(List.of(1.0f, 3.0f, 6.0f))) // ((2+0)/2, (4+2)/2, (6+2)/2 + 2)
                .body("space", equalTo("fused:learned:toy-fusion"))
                .body("strategy", equalTo("learned"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "strategy",
                        "learned",
                        "head",
                        "toy-fusion",
                        "parts",
                        List.of(
                                Map.of("vector", List.of(2, 4, 6), "space", "toy"),
                                Map.of("vector", List.of(0, 2, 2), "space", "other"))))
                .post("/fuse")
                .then()
                .statusCode(422)
                .body("field", equalTo("parts[1]"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "strategy",
                        "learned",
                        "head",
                        "topics",
                        "parts",
                        List.of(Map.of("vector", List.of(2, 4, 6), "space", "toy"))))
                .post("/fuse")
                .then()
                .statusCode(422)
                .body("field", equalTo("head"));
    }

    @Test
    void aConfiguredProjectionLetsVectorsOfAnotherSizeBeFused() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "normalize",
                        false,
                        "parts",
                        List.of(
                                Map.of("vector", List.of(1, 2), "space", "toy2"),
                                Map.of("vector", List.of(3, 0, 1), "space", "toy"))))
                .post("/fuse")
                .then()
                .statusCode(200)
                .body("vector", equalTo(List.of(2.0f, 1.0f, 2.0f))) // ((1,2,3) + (3,0,1)) / 2
                .body("space", equalTo("toy"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "parts",
                        List.of(
                                Map.of("vector", List.of(1, 2), "space", "other2"),
                                Map.of("vector", List.of(3, 0, 1), "space", "toy"))))
                .post("/fuse")
                .then()
                .statusCode(422)
                .body("field", equalTo("parts"));
    }

    @Test
    void badRequestsNameTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("text", "x"))
                .post("/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("model"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "nope", "text", "x"))
                .post("/predict")
                .then()
                .statusCode(422)
                .body("field", equalTo("model"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics"))
                .post("/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("vector"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "vector", List.of(1.0)))
                .post("/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("space"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "topics", "text", " "))
                .post("/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("text"));
    }

    @Test
    void bothCloudEventModesAreAnswered() {
        JsonNode binary = Samples.json("predict", "event-binary.json");
        Samples.binaryEvent(binary.get("headers"))
                .body(binary.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-type", "dev.multimodal.predicted")
                .header("ce-source", "predict")
                .body("label", equalTo("cooking"));
        JsonNode structured = Samples.json("predict", "event-structured.json");
        given().contentType("application/cloudevents+json")
                .body(structured.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo("dev.multimodal.predicted"))
                .body("data.label", equalTo("weather"));
    }
}
