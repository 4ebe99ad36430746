package dev.multimodal.functions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.audio.TestAudio;
import dev.multimodal.runtime.Vectors;
import dev.multimodal.util.JsonVectors;
import dev.multimodal.video.TestVideo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recording and a clip wherever a text or an image goes (issues 23 and 24): fuse's audio and video
 * parts are the vectors encode-audio and encode-video make, score-summaries reads a recording's or a
 * clip's document, and a bad medium is refused naming the field as the outer request calls it.
 */
@QuarkusTest
class MediaPartsTest {

    static final String SAID = "heavy snow and strong winds are expected tonight";

    private static String speech;
    private static String clip;

    @BeforeAll
    static void make() throws Exception {
        speech = "data:audio/wav;base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(TestAudio.flite("media-parts", SAID)));
        clip = "data:video/mp4;base64,"
                + ReadVideoFunctionTest.b64(TestVideo.clip()
                        .size(640, 360)
                        .slide("navy", "QUARTERLY REPORT", 3)
                        .slide("darkred", "SALES GREW", 3)
                        .audio(TestAudio.flite("media-parts-clip", "revenue rose in every region this year"))
                        .bytes("media-parts.mp4"));
    }

    @Test
    void anAudioPartIsTheVectorEncodeAudioMakesAndAVideoPartEncodeVideos() {
        Response audio = post("/encode-audio", Map.of("audio", speech), 200);
        float[] fusedAudio = JsonVectors.floats(post("/fuse", Map.of("parts", List.of(Map.of("audio", speech))), 200)
                .then()
                .body("space", equalTo(audio.path("space")))
                .extract()
                .path("vector"));
        assertClose(JsonVectors.floats(audio.path("vector")), fusedAudio);

        Response video = post("/encode-video", Map.of("video", clip), 200);
        float[] fusedVideo = JsonVectors.floats(post("/fuse", Map.of("parts", List.of(Map.of("video", clip))), 200)
                .then()
                .body("space", equalTo(video.path("space")))
                .extract()
                .path("vector"));
        assertClose(JsonVectors.floats(video.path("vector")), fusedVideo);

        // beside a text of the same space: the recording pulls the fused vector towards what it says
        Response both = post(
                "/fuse",
                Map.of("parts", List.of(Map.of("text", "a recipe for onion soup"), Map.of("audio", speech))),
                200);
        float[] said = JsonVectors.floats(
                post("/encode-text", Map.of("texts", List.of(SAID)), 200).path("embeddings[0].vector"));
        assertTrue(
                Vectors.cosine(JsonVectors.floats(both.path("vector")), said) > 0.4,
                "the fused vector knows what was said");
    }

    @Test
    void aRecordingOrAClipIsTheDocumentItsSummariesAreScoredAgainst() {
        List<String> summaries = List.of("snow and wind are forecast for tonight", "the team won the cup final");
        post("/score-summaries", Map.of("documentAudio", speech, "summaries", summaries), 200)
                .then()
                .body("summaries[0].index", equalTo(0))
                .body("documentText", containsString("snow"));
        List<String> titles = List.of("sales grew in the quarterly report", "how to bake sourdough bread");
        Response read = post("/score-summaries", Map.of("documentVideo", clip, "summaries", titles), 200);
        assertEquals(0, (int) read.path("summaries[0].index"), titles.get(0) + " first");
        String document = read.path("documentText");
        assertTrue(
                document.indexOf("QUARTERLY") >= 0 && document.indexOf("QUARTERLY") < document.indexOf("SALES"),
                "on-screen text in time order: " + document);
        assertTrue(document.contains("revenue") || document.contains("region"), "and what is said: " + document);
    }

    @Test
    void aBadMediumIsRefusedNamingTheFieldAsTheOuterRequestCallsIt() {
        post("/fuse", Map.of("parts", List.of(Map.of("text", "x"), Map.of("audio", "not base64!"))), 400)
                .then()
                .body("field", equalTo("parts[1].audio"));
        post("/fuse", Map.of("parts", List.of(Map.of("video", "AAAA"))), 415)
                .then()
                .body("field", equalTo("parts[0].video"));
        post("/fuse", Map.of("parts", List.of(Map.of("audio", speech, "text", "x"))), 400)
                .then()
                .body("field", equalTo("parts[0]"))
                .body("error", containsString("audio or video"));
        post("/score-summaries", Map.of("document", "x", "documentAudio", speech, "summaries", List.of("x")), 400)
                .then()
                .body("field", equalTo("documentAudio"));
        post("/score-summaries", Map.of("documentVideo", "AAAA", "summaries", List.of("x")), 415)
                .then()
                .body("field", equalTo("documentVideo"));
        String silence = Base64.getEncoder().encodeToString(EncodeAudioFunctionTest.wavOfSilence(16000));
        post("/score-summaries", Map.of("documentAudio", silence, "summaries", List.of("x")), 422)
                .then()
                .body("field", equalTo("documentAudio"));
    }

    private static Response post(String path, Map<String, ?> body, int status) {
        return SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .log()
                .ifValidationFails()
                .statusCode(status)
                .extract()
                .response();
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "element " + i);
        }
    }
}
