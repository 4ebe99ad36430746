package dev.multimodal.functions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.audio.AudioModels;
import dev.multimodal.util.JsonVectors;
import dev.multimodal.video.TestVideo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** encode-video over HTTP: a vector per shot, the clip's pooled as asked, the transcript's beside them. */
@QuarkusTest
class EncodeVideoFunctionTest {

    private static String silent;

    @BeforeAll
    static void makeClip() throws IOException {
        silent = ReadVideoFunctionTest.b64(TestVideo.clip()
                .size(640, 360)
                .slide("navy", "RED APPLES", 2)
                .slide("darkred", "GREEN PEARS", 4)
                .bytes("fruit.mp4"));
    }

    @Test
    void theClipIsTheShotsWeightedByLengthAndTheTranscriptIsItsOwnVector() throws IOException {
        String lecture =
                ReadVideoFunctionTest.b64(ReadVideoFunctionTest.lecture().bytes("encode-lecture.mp4"));
        Response response = SpeechRequests.given()
                .contentType(ContentType.JSON)
                .body(Map.of("video", lecture))
                .post("/encode-video")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .body("model", equalTo("ocr-text"))
                .body("strategy", equalTo("weighted-average"))
                .body("madeOf", containsString("weighted by shot length"))
                .extract()
                .response();
        List<Map<String, Object>> shots = response.path("shots");
        // the 12 s card gets a second keyframe at 10 s (mmf.video.max-shot-seconds): encode-video keeps both
        assertEquals(4, shots.size(), shots.toString());
        double total = 0;
        for (Map<String, Object> shot : shots) {
            double length = number(shot.get("end")) - number(shot.get("start"));
            assertEquals(length / 17.5, number(shot.get("weight")), 0.02);
            total += number(shot.get("weight"));
        }
        assertEquals(1, total, 1e-3);
        float[] expected = normalized(weightedSum(shots, s -> number(s.get("weight"))));
        assertClose(expected, JsonVectors.floats(response.path("vector")));
        String transcript = response.path("transcript.text");
        assertTrue(AudioModels.wer(ReadVideoFunctionTest.SAID, transcript) <= 0.5, transcript);
        assertEquals(384, JsonVectors.floats(response.path("transcript.vector")).length);
        assertEquals(response.<String>path("space"), response.<String>path("transcript.space"));
    }

    @Test
    void maxPoolsElementWiseAndAttentionWeighsTheShots() {
        Response max = encode(Map.of("video", silent, "strategy", "max"));
        List<Map<String, Object>> shots = max.path("shots");
        assertEquals(2, shots.size());
        assertEquals("RED APPLES", shots.get(0).get("text"));
        float[] a = JsonVectors.floats(shots.get(0).get("vector"));
        float[] b = JsonVectors.floats(shots.get(1).get("vector"));
        float[] elementMax = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            elementMax[i] = Math.max(a[i], b[i]);
        }
        assertClose(normalized(elementMax), JsonVectors.floats(max.path("vector")));
        assertTrue(max.path("transcript") == null);

        Response attention = encode(Map.of("video", silent, "strategy", "attention"));
        List<Map<String, Object>> weighed = attention.path("shots");
        double w0 = number(weighed.get(0).get("weight"));
        double w1 = number(weighed.get(1).get("weight"));
        assertEquals(1, w0 + w1, 1e-3);
        assertClose(
                normalized(weightedSum(weighed, s -> number(s.get("weight")))),
                JsonVectors.floats(attention.path("vector")));
        assertTrue(attention.<String>path("madeOf").contains("mean as the query"));
    }

    @Test
    void scoreCaptionsRanksTitlesAgainstAClip() {
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "video",
                        silent,
                        "captions",
                        List.of("a parking garage sign", "red apples and green pears", "minutes of a board meeting")))
                .post("/score-captions")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .body("model", equalTo("ocr-text"))
                .body("text", equalTo("RED APPLES\n\nGREEN PEARS"))
                .body("captions[0].index", equalTo(1))
                .body("captions[0].rank", equalTo(1));
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("video", silent, "image", "iVBORw0KGgo=", "captions", List.of("x")))
                .post("/score-captions")
                .then()
                .statusCode(400)
                .body("field", equalTo("video"));
    }

    @Test
    void badRequestsAreRefusedByField() {
        refused(Map.of("video", silent, "strategy", "concat"), 400, "strategy");
        refused(Map.of("video", silent, "strategy", "loudest"), 400, "strategy");
        refused(Map.of("video", "%%%"), 400, "video");
        refused(Map.of("video", silent, "model", "nope"), 422, "model");
        Map<String, Object> none = new HashMap<>();
        none.put("video", null);
        refused(none, 400, "video");
    }

    private static Response encode(Map<String, ?> body) {
        return RestAssured.given()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/encode-video")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .body("transcript", nullValue())
                .extract()
                .response();
    }

    private static void refused(Map<String, ?> body, int status, String field) {
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/encode-video")
                .then()
                .statusCode(status)
                .body("field", equalTo(field));
    }

    private static float[] weightedSum(List<Map<String, Object>> shots, ToDoubleFunction<Map<String, Object>> weight) {
        float[] sum = null;
        for (Map<String, Object> shot : shots) {
            float[] v = JsonVectors.floats(shot.get("vector"));
            sum = sum == null ? new float[v.length] : sum;
            for (int i = 0; i < v.length; i++) {
                sum[i] += (float) (weight.applyAsDouble(shot) * v[i]);
            }
        }
        return sum;
    }

    private static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-3, "component " + i);
        }
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
