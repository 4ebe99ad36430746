package dev.multimodal.functions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.audio.AudioModels;
import dev.multimodal.audio.TestAudio;
import dev.multimodal.video.TestVideo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** read-video over HTTP: a clip with slides and speech read shot by shot, and bad clips refused by field and limit. */
@QuarkusTest
class ReadVideoFunctionTest {

    static final String SAID = "the weather is cold and the river is frozen";

    /** Three slides, the last held for 12 s (two keyframes, one entry), with speech over them. */
    static TestVideo lecture() throws IOException {
        return TestVideo.clip()
                .size(640, 360)
                .slide("navy", "QUARTERLY REPORT", 3)
                .slide("darkred", "SALES GREW", 2.5)
                .slide("darkgreen", "THANK YOU", 12)
                .audio(TestAudio.flite("lecture", SAID));
    }

    @Test
    void slidesAreReadShotByShotAndTheSpeechTranscribed() throws IOException {
        byte[] mp4 = lecture().bytes("lecture.mp4");
        Response response = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "video", "data:video/mp4;base64," + Base64.getEncoder().encodeToString(mp4)))
                .post("/read-video")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .body("model", equalTo("pp-ocrv4"))
                .body("speechModel", equalTo("sphinx4-en-us"))
                .body("width", equalTo(640))
                .body("height", equalTo(360))
                .extract()
                .response();
        assertEquals(17.5, ((Number) response.path("duration")).doubleValue(), 0.2);
        assertEquals(25, ((Number) response.path("fps")).doubleValue(), 0.01);
        List<Map<String, Object>> shots = response.path("shots");
        assertEquals(3, shots.size(), "the held card is one entry: " + shots);
        assertEquals("QUARTERLY REPORT", upper(shots.get(0).get("text")));
        assertEquals("SALES GREW", upper(shots.get(1).get("text")));
        assertEquals("THANK YOU", upper(shots.get(2).get("text")));
        assertEquals(3.0, number(shots.get(1).get("start")), 0.5);
        assertEquals(5.5, number(shots.get(2).get("start")), 0.5);
        assertEquals(17.5, number(shots.get(2).get("end")), 0.2);
        assertTrue(!((List<?>) shots.get(0).get("lines")).isEmpty());
        String text = response.path("text");
        assertTrue(upper(text).contains("QUARTERLY REPORT") && upper(text).contains("THANK YOU"), text);
        String transcript = response.path("transcript");
        double wer = AudioModels.wer(SAID, transcript);
        assertTrue(wer <= 0.5, "'" + transcript + "', WER " + wer);
    }

    @Test
    void theSampleRequestReadsBothSlidesAndHearsTheMeeting() {
        Response response = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Samples.text("read-video", "request.json"))
                .post("/read-video")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .body("shots[0].text", equalTo("WELCOME"))
                .body("shots[1].text", equalTo("AGENDA 2026"))
                .extract()
                .response();
        String transcript = response.path("transcript");
        assertTrue(AudioModels.wer("welcome to the quarterly meeting", transcript) <= 0.5, transcript);
    }

    @Test
    void theSampleEventsGetReplies() {
        JsonNode binary = Samples.json("read-video", "event-binary.json");
        Samples.binaryEvent(binary.get("headers"))
                .config(SpeechRequests.patient())
                .body(binary.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-type", "dev.multimodal.video.read")
                .header("ce-source", "read-video")
                .body("shots[1].text", equalTo("AGENDA 2026"));
        JsonNode structured = Samples.json("encode-video", "event-structured.json");
        SpeechRequests.given()
                .contentType("application/cloudevents+json")
                .body(structured.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo("dev.multimodal.video.encoded"))
                .body("data.shots.size()", equalTo(2))
                .body("data.strategy", equalTo("weighted-average"));
    }

    @Test
    void keyframesComeBackAsSmallJpegsOnlyWhenAskedFor() throws IOException {
        byte[] webm = TestVideo.clip()
                .size(1280, 720)
                .slide("navy", "FIRST", 2)
                .slide("darkred", "SECOND", 2)
                .bytes("keyframes.webm");
        Response asked = RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("video", b64(webm), "keyframes", true))
                .post("/read-video")
                .then()
                .statusCode(200)
                .extract()
                .response();
        List<Map<String, Object>> shots = asked.path("shots");
        assertEquals(2, shots.size(), shots.toString());
        for (Map<String, Object> shot : shots) {
            String uri = String.valueOf(shot.get("keyframeImage"));
            String prefix = "data:image/jpeg;base64,";
            assertTrue(uri.startsWith(prefix), uri.substring(0, Math.min(60, uri.length())));
            byte[] jpeg = Base64.getDecoder().decode(uri.substring(prefix.length()));
            assertTrue(jpeg.length < 40_000, jpeg.length + " bytes");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertEquals(320, image.getWidth(), "the longer side, bounded");
            assertEquals(180, image.getHeight(), "the clip's aspect kept");
        }
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("video", b64(webm)))
                .post("/read-video")
                .then()
                .statusCode(200)
                .body("shots[0].keyframeImage", nullValue())
                .body("shots[1].keyframeImage", nullValue());
    }

    @Test
    void aClipWithoutSoundHasAnEmptyTranscript() throws IOException {
        byte[] webm = TestVideo.clip()
                .size(640, 360)
                .slide("purple", "SILENT FILM", 2)
                .bytes("silent.webm");
        Response response = RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("video", Base64.getEncoder().encodeToString(webm)))
                .post("/read-video")
                .then()
                .statusCode(200)
                .body("transcript", equalTo(""))
                .body("speechModel", nullValue())
                .extract()
                .response();
        assertEquals("SILENT FILM", upper(response.path("shots[0].text")));
    }

    @Test
    void badClipsAreRefusedNamingTheFieldAndLimitAndTheServiceStaysUp() throws IOException {
        byte[] mp4 = TestVideo.clip().slide("navy", "OK", 2).bytes("ok.mp4");
        byte[] noise = new byte[20_000];
        new Random(5).nextBytes(noise);
        byte[] lying = Arrays.copyOf(mp4, 4000);
        new Random(6).nextBytes(noise);
        System.arraycopy(noise, 0, lying, 64, lying.length - 64);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", png);
        byte[] tooLong = TestVideo.clip().slide("navy", "LONG", 41).bytes("long.mp4");
        refused(Map.of(), 400, "video", "required");
        refused(Map.of("video", "not base64!"), 400, "video", "base64");
        refused(Map.of("video", b64(Arrays.copyOf(mp4, mp4.length / 2))), 400, "video", "truncated");
        refused(Map.of("video", b64(noise)), 415, "video", "not a video");
        refused(Map.of("video", b64(lying)), 400, "video", "corrupt");
        refused(Map.of("video", b64(png.toByteArray())), 415, "video", "video");
        refused(Map.of("video", "data:image/png;base64," + b64(mp4)), 415, "video", "video/*");
        refused(Map.of("video", b64(tooLong)), 413, "video", "mmf.video.max-seconds");
        refused(Map.of("video", "A".repeat(4_200_000)), 413, "video", "mmf.video.max-bytes");
        refused(Map.of("video", b64(mp4), "videoUrl", "https://example.com/a.mp4"), 400, "videoUrl", "not both");
        refused(Map.of("video", b64(mp4), "model", "no-such-ocr"), 422, "model", "no-such-ocr");
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("video", b64(mp4)))
                .post("/read-video")
                .then()
                .statusCode(200)
                .body("shots[0].text", equalTo("OK"));
    }

    private static void refused(Map<String, ?> body, int status, String field, String says) {
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/read-video")
                .then()
                .statusCode(status)
                .body("field", equalTo(field))
                .body("error", containsString(says));
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String upper(Object text) {
        return String.valueOf(text).strip().toUpperCase(Locale.ROOT);
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
