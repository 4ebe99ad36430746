package dev.multimodal.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.audio.AudioModels;
import dev.multimodal.audio.TestAudio;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request that takes longer than {@code quarkus.http.idle-timeout} still gets its answer: the idle
 * timeout closes idle connections, not busy ones (http.BusyConnection). Before, Vert.x closed the
 * connection of a transcription that ran past it, and the client got no response at all.
 */
@QuarkusTest
@TestProfile(LongRequestTest.ShortIdleTimeout.class)
class LongRequestTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.idle-timeout", "1s",
                    "mmf.models.include", "silero-vad-v5,sphinx4-en-us,all-minilm-l6-v2-q");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void aTranscriptionLongerThanTheIdleTimeoutIsAnswered() throws Exception {
        byte[] clip = Files.readAllBytes(TestAudio.librivox("0870"));
        long started = System.nanoTime();
        Response response = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("audio", Base64.getEncoder().encodeToString(clip)))
                .post("/transcribe");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(200, response.statusCode(), response.asString());
        String text = response.path("text");
        assertTrue(AudioModels.wer(TestAudio.transcript("0870"), text) <= 0.5, text);
        assertTrue(seconds > 1.0, "the request must outlast the idle timeout to test it: it took " + seconds + " s");
    }

    @Test
    void anIdleConnectionIsStillClosed() throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            long started = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed by the server, nothing sent");
            assertTrue((System.nanoTime() - started) / 1e9 < 20, "closed after about the idle timeout");
        }
    }
}
