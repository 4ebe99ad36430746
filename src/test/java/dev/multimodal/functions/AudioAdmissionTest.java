package dev.multimodal.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.admission.AudioAdmission;
import dev.multimodal.audio.TestAudio;
import dev.multimodal.util.Flood;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Admission of recordings by their decoded samples (issue 23): with room for one 6 s recording, a
 * burst of them is answered 503 + Retry-After naming mmf.audio.max-samples-in-flight for the ones
 * that do not fit (refused from the container's declared duration, before decoding), the others get
 * their transcript, and every sample is given back.
 */
@QuarkusTest
@TestProfile(AudioAdmissionTest.RoomForOneRecording.class)
class AudioAdmissionTest {

    public static class RoomForOneRecording implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mmf.audio.max-samples-in-flight", "100000", // 6.25 s at 16 kHz
                    "mmf.batch.retry-after-seconds", "4",
                    // the text model too: /v1/analyze encodes the transcript and scores captions
                    "mmf.models.include", "silero-vad-v5,sphinx4-en-us,all-minilm-l6-v2-q");
        }
    }

    @Inject
    AudioAdmission admission;

    @Test
    void aBurstOfRecordingsIsAdmittedByTheirSamples() throws Exception {
        byte[] wav = Files.readAllBytes(TestAudio.flite(
                "admission",
                "the weather is cold and the river is frozen, and the ferry will not sail until the spring"));
        assertTrue(wav.length / 32_000.0 > 3.2, "more than half the budget each: " + wav.length / 32_000.0 + " s");
        String body = "{\"audio\": \"" + Base64.getEncoder().encodeToString(wav) + "\"}";
        assertEquals(100_000, admission.capacity());
        Flood.Outcome flood = Flood.send(
                4,
                4,
                () -> SpeechRequests.given()
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post("/transcribe"),
                "4",
                shed -> assertTrue(shed.asString().contains("mmf.audio.max-samples-in-flight"), shed.asString()),
                served -> assertTrue(served.jsonPath().getString("text").contains("river"), served.asString()));
        assertTrue(flood.served() > 0, "some recordings were transcribed");
        assertTrue(flood.shed() > 0, "some were refused before decoding");
        for (int i = 0; i < 50 && admission.inFlight() > 0; i++) { // the last end handler may still run
            Thread.sleep(100);
        }
        assertEquals(0, admission.inFlight(), "every admitted sample was given back");
    }

    /**
     * /v1/analyze's audio part goes through the same admission: a burst of analyses of recordings
     * is answered 503 + Retry-After for those whose samples do not fit, the others are analysed.
     */
    @Test
    void theGatewaysAudioPartIsAdmittedAlike() throws Exception {
        byte[] wav = Files.readAllBytes(TestAudio.flite(
                "admission",
                "the weather is cold and the river is frozen, and the ferry will not sail until the spring"));
        Flood.Outcome flood = Flood.send(
                4,
                4,
                () -> SpeechRequests.given()
                        .multiPart("audio", "river.wav", wav, "audio/wav")
                        .multiPart("captions", "the river is frozen and the ferry waits for spring")
                        .multiPart("captions", "a recipe for onion soup")
                        .post("/v1/analyze"),
                "4",
                shed -> assertTrue(shed.asString().contains("mmf.audio.max-samples-in-flight"), shed.asString()),
                served ->
                        assertEquals(0, served.jsonPath().getInt("result.captionScores[0].index"), served.asString()));
        assertTrue(flood.served() > 0, "some analyses were served");
        assertTrue(flood.shed() > 0, "some were refused before decoding");
        for (int i = 0; i < 50 && admission.inFlight() > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, admission.inFlight(), "every admitted sample was given back");
    }
}
