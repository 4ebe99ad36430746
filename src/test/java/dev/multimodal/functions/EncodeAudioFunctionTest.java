package dev.multimodal.functions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.runtime.Vectors;
import dev.multimodal.util.JsonVectors;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** encode-audio's asr-text vectors live in the text model's space: near what is said, far from the rest. */
@QuarkusTest
class EncodeAudioFunctionTest {

    @Test
    void theRecordingsVectorIsNearTheTextOfWhatIsSaid() {
        Response audio = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Samples.text("encode-audio", "request.json"))
                .post("/encode-audio")
                .then()
                .statusCode(200)
                .body("model", equalTo("asr-text"))
                .body("family", equalTo("asr-text"))
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .body("dimension", equalTo(384))
                .body("madeOf", containsString("sphinx4-en-us"))
                .body("madeOf", containsString("all-minilm-l6-v2-q"))
                .extract()
                .response();
        float[] recording = JsonVectors.floats(audio.path("vector"));
        float[] said = text("he was not an ill disposed young man");
        float[] unrelated = text("quarterly revenue rose on strong cloud sales");
        double near = Vectors.cosine(recording, said);
        double far = Vectors.cosine(recording, unrelated);
        assertTrue(near > 0.6, "cosine with what is said " + near + " (transcript: " + audio.path("text") + ")");
        assertTrue(near > far + 0.3, "near " + near + ", unrelated " + far);
    }

    @Test
    void scoreCaptionsRanksCaptionsAgainstWhatARecordingSays() {
        String recording =
                Samples.json("encode-audio", "request.json").get("audio").asText();
        Response ranked = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "audio",
                        recording,
                        "captions",
                        List.of(
                                "quarterly revenue rose on strong cloud sales",
                                "a young man who was not ill disposed",
                                "a recipe for chocolate cake")))
                .post("/score-captions")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .body("model", equalTo("asr-text"))
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .body("captions[0].index", equalTo(1))
                .body("captions[0].rank", equalTo(1))
                .extract()
                .response();
        assertTrue(ranked.<String>path("text").contains("young man"), ranked.<String>path("text"));
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("audio", recording, "video", "AAAA", "captions", List.of("x")))
                .post("/score-captions")
                .then()
                .statusCode(400)
                .body("field", equalTo("audio"));
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("audio", recording, "model", "clip-vit-b-32", "captions", List.of("x")))
                .post("/score-captions")
                .then()
                .statusCode(422)
                .body("field", equalTo("model"));
    }

    @Test
    void aRecordingWithoutSpeechHasNoTextToEncode() {
        String silence = java.util.Base64.getEncoder().encodeToString(wavOfSilence(16000));
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("audio", silence))
                .post("/encode-audio")
                .then()
                .statusCode(422)
                .body("field", equalTo("audio"));
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("audio", silence, "model", "clap"))
                .post("/encode-audio")
                .then()
                .statusCode(422)
                .body("field", equalTo("model"));
        SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("audio", "AAAA"))
                .post("/encode-audio")
                .then()
                .statusCode(415)
                .body("field", equalTo("audio"));
    }

    private static float[] text(String text) {
        List<Float> v = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("texts", List.of(text)))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .extract()
                .path("embeddings[0].vector");
        return JsonVectors.floats(v);
    }

    /** A 16 kHz mono 16-bit WAV of {@code samples} zeros. */
    static byte[] wavOfSilence(int samples) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + 2 * samples).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes())
                .putInt(36 + 2 * samples)
                .put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(16000)
                .putInt(32000)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes())
                .putInt(2 * samples);
        return b.array();
    }
}
