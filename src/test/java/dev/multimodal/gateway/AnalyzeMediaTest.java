package dev.multimodal.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.audio.TestAudio;
import dev.multimodal.video.TestVideo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/analyze with {@code audio} and {@code video} parts beside {@code image} and {@code text}:
 * they run through the same chain steps as the CloudEvent functions, with the same limits, and a bad
 * medium is a 4xx naming its part; /q/openapi lists the parts.
 */
@QuarkusTest
class AnalyzeMediaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestAssuredConfig PATIENT = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 600_000)
                    .setParam("http.connection.timeout", 60_000));

    private static Path clip;
    private static Path speech;

    @BeforeAll
    static void make() throws Exception {
        clip = TestVideo.clip()
                .size(640, 360)
                .slide("navy", "QUARTERLY REPORT", 3)
                .slide("darkred", "SALES GREW", 3)
                .audio(TestAudio.flite("analyze-clip", "revenue rose in every region this year"))
                .write("analyze-media.mp4");
        speech = TestAudio.flite("analyze-speech", "heavy snow and strong winds are expected tonight");
    }

    private static RequestSpecification patient() {
        return RestAssured.given().config(PATIENT);
    }

    @Test
    void aVideoPartIsAnalysedByItsShotsAndTranscript() throws Exception {
        Response response = patient()
                .multiPart("video", clip.toFile(), "video/mp4")
                .multiPart("captions", "how to bake sourdough bread")
                .multiPart("captions", "sales grew in the quarterly report")
                .multiPart("captions", "a football match")
                .post("/v1/analyze")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .extract()
                .response();
        JsonNode body = JSON.readTree(response.asString());
        List<String> steps = body.path("steps").findValuesAsText("function");
        assertEquals(List.of("analyze-video", "analyze-fuse", "analyze-score"), steps);
        String screen = body.at("/result/videoVector/text").asText();
        assertTrue(screen.contains("QUARTERLY") && screen.contains("SALES"), screen);
        String said = body.at("/result/videoTranscript/text").asText();
        assertTrue(said.contains("revenue") || said.contains("region"), said);
        assertEquals(
                "sales grew in the quarterly report",
                body.at("/result/captionScores/0/caption").asText(),
                body.at("/result/captionScores").toString());
    }

    @Test
    void anAudioPartBesideATextIsFusedAndScored() throws Exception {
        Response response = patient()
                .multiPart("audio", speech.toFile(), "audio/wav")
                .multiPart("text", "the evening weather bulletin")
                .multiPart("captions", "a recipe for onion soup")
                .multiPart("captions", "snow and wind are forecast for tonight")
                .post("/v1/analyze")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .extract()
                .response();
        JsonNode body = JSON.readTree(response.asString());
        assertEquals(
                List.of("analyze-audio", "analyze-text", "analyze-fuse", "analyze-score"),
                body.path("steps").findValuesAsText("function"));
        assertTrue(body.at("/result/audioVector/text").asText().contains("snow"), body.toString());
        assertEquals(
                body.at("/result/audioVector/space").asText(),
                body.at("/result/textVector/space").asText());
        assertEquals(
                "snow and wind are forecast for tonight",
                body.at("/result/captionScores/0/caption").asText());
    }

    @Test
    void badMediaPartsAreRefusedNamingThePartAndTheLimit() throws Exception {
        byte[] wav = Files.readAllBytes(speech);
        byte[] noise = new byte[20_000];
        new Random(11).nextBytes(noise);
        byte[] mp4 = Files.readAllBytes(clip);
        byte[] big = new byte[3_100_000];
        new Random(12).nextBytes(big);
        refused("audio", Arrays.copyOf(wav, wav.length / 2), "audio/wav", 400, "truncated");
        refused("audio", noise, "application/octet-stream", 415, "");
        refused("audio", mp4, "image/png", 415, "image/png");
        refused("video", mp4, "text/plain", 415, "text/plain");
        refused("video", Arrays.copyOf(mp4, mp4.length / 2), "video/mp4", 400, "truncated");
        refused("video", noise, "video/mp4", 415, "not a video");
        refused("video", big, "video/mp4", 413, "mmf.video.max-bytes");
        given().multiPart("text", "no file")
                .post("/v1/analyze")
                .then()
                .statusCode(400)
                .body("field", equalTo("image"));
    }

    private static void refused(String part, byte[] bytes, String type, int status, String says) {
        patient()
                .multiPart(part, part + ".bin", bytes, type)
                .multiPart("captions", "x")
                .post("/v1/analyze")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(status)
                .body("field", equalTo(part))
                .body("error", containsString(says));
    }

    @Test
    void theOpenApiDocumentListsTheMediaParts() throws Exception {
        JsonNode document = JSON.readTree(
                given().queryParam("format", "json").get("/q/openapi").asString());
        JsonNode form = document.at("/paths/~1v1~1analyze/post/requestBody/content/multipart~1form-data/schema");
        JsonNode properties = form.has("$ref")
                ? document.at("/components/schemas/"
                        + form.get("$ref").asText().substring("#/components/schemas/".length())
                        + "/properties")
                : form.path("properties");
        for (String part : List.of("image", "audio", "video", "text", "captions")) {
            assertTrue(properties.has(part), part + " in " + form + " " + properties);
        }
        JsonNode envelope = document.at("/components/schemas/Analysis/properties");
        assertTrue(envelope.has("audio") && envelope.has("video"), envelope.toString());
    }
}
