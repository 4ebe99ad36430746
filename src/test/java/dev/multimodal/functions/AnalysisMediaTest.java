package dev.multimodal.functions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.audio.AudioModels;
import dev.multimodal.audio.TestAudio;
import dev.multimodal.video.TestVideo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A recording and a clip through the analysis chain's CloudEvent functions: analyze-audio and
 * analyze-video add the vectors encode-audio and encode-video make, the later steps fuse and score
 * them, each analysis goes only through the steps with work for it, and a bad medium is a 4xx naming it.
 */
@QuarkusTest
class AnalysisMediaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FORECAST = "heavy snow and strong winds are expected tonight";

    static final String AUDIO = "dev.multimodal.analysis.audio.requested";
    static final String VIDEO = "dev.multimodal.analysis.video.requested";
    static final String FUSE = "dev.multimodal.analysis.fuse.requested";

    /** Sends {@code data} as a binary event of {@code type}; the reply's status is checked by the caller. */
    private static Response event(String type, JsonNode data) {
        ObjectNode headers = JSON.createObjectNode()
                .put("ce-specversion", "1.0")
                .put("ce-id", "media-" + type)
                .put("ce-source", "/tests")
                .put("ce-type", type)
                .put("ce-subject", "media")
                .put("content-type", "application/json");
        return Samples.binaryEvent(headers)
                .config(SpeechRequests.patient())
                .body(data.toString())
                .post("/");
    }

    /** The analysis requested, and every reply sent on by its type until the chain's end. */
    private static ChainEvents.Path chain(JsonNode data) {
        return ChainEvents.follow(
                ChainEvents.headers(ChainEvents.REQUESTED, "media-" + data.hashCode()),
                data.toString(),
                SpeechRequests.patient());
    }

    private static String speech(String name, String words) throws Exception {
        return "data:audio/wav;base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(TestAudio.flite(name, words)));
    }

    @Test
    void aSpokenRecordingIsAnalysedByEveryStepAndItsWordsRankTheCaptions() throws Exception {
        ObjectNode analysis = JSON.createObjectNode().put("audio", speech("chain-forecast", FORECAST));
        analysis.putArray("captions")
                .add("a recipe for onion soup")
                .add("snow and wind are forecast for tonight")
                .add("the team won the cup final");
        ChainEvents.Path path = chain(analysis);
        assertEquals(
                List.of("analyze-route", "analyze-audio", "analyze-fuse", "analyze-score"),
                path.sources(),
                "a recording alone wakes neither the image, the clip nor the text step");
        JsonNode result = path.result();
        assertEquals(
                "snow and wind are forecast for tonight",
                result.at("/captionScores/0/caption").asText(),
                result.path("captionScores").toString());
        assertEquals("asr-text", result.at("/audioVector/model").asText());
        assertTrue(
                result.at("/audioVector/text").asText().contains("snow"),
                result.at("/audioVector/text").asText());
        assertEquals(
                result.at("/audioVector/space").asText(),
                result.at("/fused/space").asText());
        assertTrue(
                result.path("imageVector").isNull() && result.path("textVector").isNull());
        List<String> steps = new ArrayList<>();
        result.path("timings").fieldNames().forEachRemaining(steps::add);
        assertEquals(List.of("encode-audio", "fuse", "score"), steps, "the steps without work add nothing");
    }

    @Test
    void aClipIsAnalysedWithTheTextOnItsShotsAndWhatIsSaid() throws Exception {
        ChainEvents.Path path = chain(Samples.json("analyze-video", "request.json"));
        assertEquals(
                List.of("analyze-route", "analyze-video", "analyze-fuse", "analyze-score"),
                path.sources(),
                "a clip wakes neither the image nor the speech step");
        JsonNode video = path.result();
        String screen = video.at("/videoVector/text").asText();
        assertTrue(screen.contains("WELCOME") && screen.contains("AGENDA"), screen);
        String said = video.at("/videoTranscript/text").asText();
        assertTrue(AudioModels.wer("welcome to the quarterly meeting", said) <= 0.5, said);
        assertEquals(
                "the welcome and agenda of a quarterly meeting",
                video.at("/captionScores/0/caption").asText(),
                video.path("captionScores").toString());
        assertFalse(video.path("fused").isNull());
    }

    @Test
    void aRecordingWithATextGoesFromTheSpeechStepToTheTextStep() throws Exception {
        ObjectNode analysis = JSON.createObjectNode()
                .put("audio", speech("chain-forecast", FORECAST))
                .put("text", "the evening forecast");
        analysis.putArray("captions").add("a weather report").add("a cooking show");
        ChainEvents.Path path = chain(analysis);
        assertEquals(
                List.of("analyze-route", "analyze-audio", "analyze-text", "analyze-fuse", "analyze-score"),
                path.sources());
        assertEquals(
                List.of(
                        AUDIO,
                        "dev.multimodal.analysis.text.requested",
                        FUSE,
                        "dev.multimodal.analysis.score.requested",
                        ChainEvents.SCORED),
                path.types());
        assertEquals(
                path.result().at("/audioVector/space").asText(),
                path.result().at("/textVector/space").asText(),
                "the text is encoded in the recording's space");
    }

    @Test
    void aStepSentAnAnalysisWithoutItsMediumPassesItOnTypedForTheNextStepWithWork() throws Exception {
        JsonNode sample = Samples.json("analyze-text", "request.json");
        for (String type : List.of(AUDIO, VIDEO)) {
            Response answer =
                    event(type, sample).then().statusCode(200).extract().response();
            assertEquals("dev.multimodal.analysis.text.requested", answer.header("ce-type"), type);
            assertEquals(withoutNulls(sample), withoutNulls(JSON.readTree(answer.asString())), type);
        }
    }

    @Test
    void badMediaAtAChainStepAreRefusedNamingTheFieldAndTheLimit() throws Exception {
        byte[] wav = Files.readAllBytes(TestAudio.librivox("0880"));
        byte[] noise = new byte[20_000];
        new Random(7).nextBytes(noise);
        byte[] mp4 = TestVideo.clip().slide("navy", "OK", 2).bytes("chain-ok.mp4");
        byte[] long601 = Files.readAllBytes(TestAudio.longSilence("analysis-long-silence"));
        refused(AUDIO, "audio", b64(Arrays.copyOf(wav, wav.length / 2)), 400, "audio", "truncated");
        refused(AUDIO, "audio", b64(noise), 415, "audio", "");
        refused(AUDIO, "audio", b64(long601), 413, "audio", "mmf.audio.max-seconds");
        refused(AUDIO, "audio", "data:image/png;base64," + b64(wav), 415, "audio", "audio/*");
        refused(VIDEO, "video", b64(Arrays.copyOf(mp4, mp4.length / 2)), 400, "video", "truncated");
        refused(VIDEO, "video", b64(noise), 415, "video", "not a video");
        refused(VIDEO, "video", "A".repeat(4_200_000), 413, "video", "mmf.video.max-bytes");
        ObjectNode nothing = JSON.createObjectNode();
        nothing.putArray("captions").add("x");
        event(ChainEvents.REQUESTED, nothing).then().statusCode(400).body("field", equalTo("image"));
        // a recording whose step did not run is named at the step that needs its vector
        ObjectNode skipped = JSON.createObjectNode().put("audio", b64(wav));
        skipped.putArray("captions").add("x");
        event(FUSE, skipped).then().statusCode(400).body("field", equalTo("audioVector"));
    }

    private static JsonNode withoutNulls(JsonNode node) {
        ObjectNode copy = node.deepCopy();
        List<String> nulls = new ArrayList<>();
        copy.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        copy.remove(nulls);
        return copy;
    }

    private static void refused(String type, String field, String value, int status, String named, String says) {
        ObjectNode data = JSON.createObjectNode().put(field, value);
        data.putArray("captions").add("x");
        event(type, data)
                .then()
                .log()
                .ifValidationFails()
                .statusCode(status)
                .body("field", equalTo(named))
                .body("error", containsString(says));
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
