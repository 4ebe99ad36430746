package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.multimodal.audio.TestAudio;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * mmf.audio.time-budget: a recording whose segments cannot start within it is answered 503 with
 * Retry-After naming the setting (on transcribe and on the OpenAI path), instead of waiting for as
 * long as the decoders ahead of it take; the service stays ready. With no budget at all, nothing
 * starts, so every recording is refused this way.
 */
@QuarkusTest
@TestProfile(TranscribeTimeBudgetTest.NoTime.class)
class TranscribeTimeBudgetTest {

    public static class NoTime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mmf.audio.time-budget", "0s",
                    "mmf.batch.retry-after-seconds", "3",
                    "mmf.models.include", "silero-vad-v5,sphinx4-en-us");
        }
    }

    @Test
    void aRecordingThatCannotStartWithinTheBudgetIsRefusedWith503() throws Exception {
        Path voice = TestAudio.flite("budget", "the weather is cold and the river is frozen");
        String body = "{\"audio\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(voice)) + "\"}";
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/transcribe")
                .then()
                .statusCode(503)
                .header("Retry-After", "3")
                .body("error", containsString("mmf.audio.time-budget (0 s)"));
        SpeechRequests.given()
                .multiPart("file", voice.toFile(), "audio/wav")
                .multiPart("model", "whisper-1")
                .post("/v1/audio/transcriptions")
                .then()
                .statusCode(503)
                .header("Retry-After", "3")
                .body("error.message", containsString("mmf.audio.time-budget"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
