package dev.multimodal.gateway;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.audio.AudioModels;
import dev.multimodal.audio.TestAudio;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenAI's transcription API over multipart, each response format, and errors in OpenAI's shape. */
@QuarkusTest
class AudioTranscriptionsTest {

    private static final String SAID = "he was not an ill disposed young man";
    private static final RestAssuredConfig PATIENT = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 600_000));

    private static RequestSpecification form(byte[] file, String name) {
        return RestAssured.given()
                .config(PATIENT)
                .multiPart("file", name, file, "audio/mpeg")
                .multiPart("model", "whisper-1");
    }

    @Test
    void jsonTextAndVerboseJsonCarryTheTranscript() throws IOException {
        byte[] mp3 = TestAudio.ffmpeg(TestAudio.librivox("0880"), "openai.mp3", "-c:a", "libmp3lame");
        String json = form(mp3, "clip.mp3")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(200)
                .extract()
                .path("text");
        assertTrue(AudioModels.wer(SAID, json) <= 0.4, json);
        String text = form(mp3, "clip.mp3")
                .multiPart("response_format", "text")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/plain"))
                .extract()
                .asString();
        assertTrue(text.strip().equals(json), text);
        Response verbose = form(mp3, "clip.mp3")
                .multiPart("response_format", "verbose_json")
                .multiPart("timestamp_granularities[]", "word")
                .multiPart("timestamp_granularities[]", "segment")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(200)
                .body("task", equalTo("transcribe"))
                .body("language", equalTo("english"))
                .body("text", equalTo(json))
                .body("segments", not(empty()))
                .body("words", not(empty()))
                .extract()
                .response();
        List<Map<String, Object>> words = verbose.path("words");
        assertTrue(words.size() >= 5, words.toString());
        form(mp3, "clip.mp3")
                .multiPart("response_format", "verbose_json")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(200)
                .body("words", nullValue());
    }

    @Test
    void srtAndVttAreSubtitlesOfTheSegments() throws IOException {
        byte[] wav = Files.readAllBytes(TestAudio.librivox("0880"));
        String srt = form(wav, "clip.wav")
                .multiPart("response_format", "srt")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(srt.matches("(?s)1\\n00:00:0\\d,\\d{3} --> 00:00:0\\d,\\d{3}\\n[a-z ]+\\n\\n.*"), srt);
        String vtt = form(wav, "clip.wav")
                .multiPart("response_format", "vtt")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/vtt"))
                .extract()
                .asString();
        assertTrue(vtt.matches("(?s)WEBVTT\\n\\n00:00:0\\d\\.\\d{3} --> 00:00:0\\d\\.\\d{3}\\n[a-z ]+\\n\\n.*"), vtt);
    }

    @Test
    void errorsAreInOpenAisShape() throws IOException {
        byte[] wav = Files.readAllBytes(TestAudio.librivox("0880"));
        RestAssured.given()
                .multiPart("model", "whisper-1")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("file"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", not(empty()));
        form("not audio at all".repeat(100).getBytes(), "x.mp3")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(415)
                .body("error.param", equalTo("file"));
        form(wav, "clip.wav")
                .multiPart("response_format", "docx")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("response_format"));
        form(wav, "clip.wav")
                .multiPart("language", "de")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(422)
                .body("error.param", equalTo("language"));
        form(wav, "clip.wav")
                .multiPart("timestamp_granularities[]", "phoneme")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("timestamp_granularities[]"));
    }
}
