package dev.multimodal.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.video.TestVideo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's error table against the service: for each entry point that takes a recording or a
 * clip (the chain steps analyze-audio and analyze-video, /v1/analyze's audio and video parts), the row
 * of each status names it, and bad input sent to it gets that status, naming the field.
 */
@QuarkusTest
class ReadmeErrorTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One bad input: the status the table gives it, the words its row must hold, the request. */
    private record Case(int status, String entry, String field, Supplier<Response> request) {}

    /** The table's rows by status: "| 400 | …" and "| 503 + `Retry-After` | …". */
    static Map<Integer, String> rows() throws Exception {
        Map<Integer, String> rows = new LinkedHashMap<>();
        Matcher row =
                Pattern.compile("(?m)^\\| (\\d{3})[^|]*\\| (.*) \\|$").matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            rows.putIfAbsent(Integer.parseInt(row.group(1)), row.group(2));
        }
        return rows;
    }

    @Test
    void everyMediaEntryPointAnswersBadInputAsTheTableSays() throws Exception {
        byte[] wav = Files.readAllBytes(Path.of(
                "/usr/share/pocketsphinx/test/data/librivox/" + "sense_and_sensibility_01_austen_64kb-0880.wav"));
        byte[] noise = new byte[20_000];
        new Random(13).nextBytes(noise);
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(wav, wav.length / 2));
        String random = Base64.getEncoder().encodeToString(noise);
        byte[] mp4 = TestVideo.clip().slide("navy", "OK", 2).bytes("table.mp4");
        String cutClip = Base64.getEncoder().encodeToString(truncatedBytes(mp4));
        byte[] big = new byte[3_100_000];
        List<Case> cases = List.of(
                new Case(400, "`analyze-audio`", "audio", () -> event("audio.requested", "audio", truncated)),
                new Case(415, "`analyze-audio`", "audio", () -> event("audio.requested", "audio", random)),
                new Case(400, "`analyze-video`", "video", () -> event("video.requested", "video", cutClip)),
                new Case(415, "`analyze-video`", "video", () -> event("video.requested", "video", random)),
                new Case(
                        413,
                        "`analyze-video`",
                        "video",
                        () -> event("video.requested", "video", "A".repeat(4_200_000))),
                new Case(
                        400, "`/v1/analyze`'s `audio`", "audio", () -> part("audio", truncatedBytes(wav), "audio/wav")),
                new Case(415, "`/v1/analyze`'s `audio`", "audio", () -> part("audio", wav, "text/plain")),
                new Case(415, "`/v1/analyze`'s `audio` and `video`", "video", () -> part("video", noise, "video/mp4")),
                new Case(413, "`/v1/analyze`'s `video`", "video", () -> part("video", big, "video/mp4")),
                new Case(
                        400,
                        "`/v1/analyze`",
                        "image",
                        () -> RestAssured.given().multiPart("text", "no medium").post("/v1/analyze")));
        Map<Integer, String> rows = rows();
        for (Case c : cases) {
            String row = rows.get(c.status());
            assertTrue(row != null && row.contains(c.entry()), "the " + c.status() + " row names " + c.entry());
            Response response = c.request().get();
            assertEquals(c.status(), response.statusCode(), c.entry() + ": " + response.asString());
            assertEquals(c.field(), response.jsonPath().getString("field"), response.asString());
        }
    }

    private static byte[] truncatedBytes(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static Response event(String type, String field, String value) {
        ObjectNode data = JSON.createObjectNode().put(field, value);
        data.putArray("captions").add("x");
        return RestAssured.given()
                .header("ce-specversion", "1.0")
                .header("ce-id", "table-" + field)
                .header("ce-source", "/tests")
                .header("ce-type", "dev.multimodal.analysis." + type)
                .contentType("application/json")
                .body(data.toString())
                .post("/");
    }

    private static Response part(String name, byte[] bytes, String type) {
        return RestAssured.given()
                .multiPart(name, name + ".bin", bytes, type)
                .multiPart("captions", "x")
                .post("/v1/analyze");
    }
}
