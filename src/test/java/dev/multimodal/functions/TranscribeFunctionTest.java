package dev.multimodal.functions;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.audio.AudioModels;
import dev.multimodal.audio.TestAudio;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** transcribe over HTTP: the committed sample, synthesised speech, silence, and every kind of bad input. */
@QuarkusTest
class TranscribeFunctionTest {

    @Test
    void theSampleRequestIsTranscribedWithSegmentsAndWords() {
        Response response = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Samples.text("transcribe", "request.json"))
                .post("/transcribe")
                .then()
                .statusCode(200)
                .body("model", equalTo("sphinx4-en-us"))
                .body("version", equalTo("5prealpha"))
                .body("language", equalTo("en"))
                .body("segments", not(empty()))
                .body("words", not(empty()))
                .extract()
                .response();
        String text = response.path("text");
        double wer = AudioModels.wer("he was not an ill disposed young man", text);
        assertTrue(wer <= 0.4, "'" + text + "', WER " + wer);
        double duration = ((Number) response.path("duration")).doubleValue();
        assertEquals(2.99, duration, 0.1);
        List<Map<String, Object>> words = response.path("words");
        List<Map<String, Object>> segments = response.path("segments");
        double segmentStart = ((Number) segments.get(0).get("start")).doubleValue();
        double segmentEnd = ((Number) segments.get(segments.size() - 1).get("end")).doubleValue();
        for (Map<String, Object> word : words) {
            double start = ((Number) word.get("start")).doubleValue();
            double end = ((Number) word.get("end")).doubleValue();
            assertTrue(start >= segmentStart - 1e-6 && end <= segmentEnd + 1e-6 && end > start, word.toString());
        }
    }

    @Test
    void speechAfterSilenceIsPlacedOnTheRecordingsClockAndWordsOnlyWhenAsked() throws IOException {
        String said = "the weather is cold and the river is frozen";
        byte[] wav = TestAudio.ffmpeg(TestAudio.flite("late", said), "late-delayed.wav", "-af", "adelay=3000");
        Response response = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("audio", Base64.getEncoder().encodeToString(wav)))
                .post("/transcribe")
                .then()
                .statusCode(200)
                .body("words", nullValue())
                .extract()
                .response();
        double wer = AudioModels.wer(said, response.path("text"));
        assertTrue(wer <= 0.5, response.path("text") + ", WER " + wer);
        double start = ((Number) response.path("segments[0].start")).doubleValue();
        assertTrue(start > 2.5 && start < 3.2, "the speech starts after 3 s of silence, the segment at " + start);
    }

    @Test
    void silenceIsNoSegmentAndNoText() throws IOException {
        byte[] wav = TestAudio.ffmpeg(TestAudio.librivox("0880"), "quiet.wav", "-af", "volume=0");
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "audio", "data:audio/wav;base64," + Base64.getEncoder().encodeToString(wav)))
                .post("/transcribe")
                .then()
                .statusCode(200)
                .body("text", equalTo(""))
                .body("segments", empty());
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed() throws IOException {
        byte[] wav = Files.readAllBytes(TestAudio.librivox("0880"));
        byte[] noise = new byte[20_000];
        new Random(3).nextBytes(noise);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", png);
        String b64 = Base64.getEncoder().encodeToString(wav);
        refused(Map.of(), 400, "audio");
        refused(Map.of("audio", "not base64!"), 400, "audio");
        refused(Map.of("audio", Base64.getEncoder().encodeToString(Arrays.copyOf(wav, wav.length / 2))), 400, "audio");
        refused(Map.of("audio", Base64.getEncoder().encodeToString(noise)), 415, "audio");
        refused(Map.of("audio", Base64.getEncoder().encodeToString(png.toByteArray())), 415, "audio");
        refused(Map.of("audio", "data:image/png;base64," + b64), 415, "audio");
        refused(Map.of("audio", b64, "language", "fr"), 422, "language");
        refused(Map.of("audio", b64, "phrases", List.of("Dashwood")), 422, "phrases");
        refused(Map.of("audio", b64, "model", "whisper-large"), 422, "model");
        refused(Map.of("audio", b64, "audioUrl", "https://example.com/a.wav"), 400, "audioUrl");
        // fetching is off unless turned on, for audio as for images
        refused(Map.of("audioUrl", "https://example.com/a.wav"), 422, "audioUrl");
    }

    private static void refused(Map<String, ?> body, int status, String field) {
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/transcribe")
                .then()
                .statusCode(status)
                .body("field", equalTo(field));
    }
}
