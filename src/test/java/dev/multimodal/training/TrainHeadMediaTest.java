package dev.multimodal.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.audio.TestAudio;
import dev.multimodal.video.TestVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-head on records that carry a recording or a clip (a file beside the data, or base64), which
 * the service's own encode-audio and encode-video featurise: a head trained on spoken weather reports
 * and recipes tells the held-out ones apart, and a bad medium stops the command naming the record.
 */
class TrainHeadMediaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> WEATHER = List.of(
            "heavy rain and strong wind are expected tonight",
            "snow will fall in the mountains tomorrow morning",
            "a cold front brings storms and thunder this evening",
            "the forecast says sunny skies and a warm afternoon",
            "expect fog at dawn and showers later in the day");
    static final List<String> COOKING = List.of(
            "bake the bread in a hot oven for forty minutes",
            "stir the onions in butter until they are golden",
            "add salt and pepper to the soup and let it simmer",
            "whisk the eggs with sugar and fold in the flour",
            "roast the chicken with garlic and fresh herbs");

    @TempDir
    Path root;

    @Test
    void aHeadTrainedOnSpokenRecordsAndClipsTellsTheHeldOutOnesApart() throws Exception {
        Path data = root.resolve("spoken.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < WEATHER.size(); i++) {
            lines.add(record("audio", speech("weather-" + i, WEATHER.get(i)), "weather", i == 0));
            lines.add(record("audio", speech("cooking-" + i, COOKING.get(i)), "cooking", i == 0));
        }
        // a clip each: the slide's text and what is said, as the analysis chain fuses them
        lines.add(
                record("video", clip("storm", "STORM WARNING", "a storm with heavy rain is coming"), "weather", false));
        lines.add(
                record("video", clip("recipe", "SOUP RECIPE", "chop the carrots and boil the soup"), "cooking", false));
        Files.write(data, lines);
        Path models = models();
        String out = trainHead(models, data, "--id", "spoken-topics", "--test-fraction", "0.25");
        assertTrue(out.contains("train-head: 12 records, 384 dimensions, space all-minilm-l6-v2-q"), out);
        assertTrue(out.contains("accuracy=1.0"), "every held-out recording or clip gets its label:\n" + out);
        JsonNode manifest =
                JSON.readTree(models.resolve("spoken-topics/model.json").toFile());
        assertEquals("all-minilm-l6-v2-q", manifest.at("/head/space").asText());
        assertEquals(2, manifest.at("/head/labels").size());
        assertTrue(manifest.at("/head/metrics/heldOut").asInt() >= 3, manifest.toString());
    }

    @Test
    void aBadRecordingStopsTheCommandNamingTheRecordTheFieldAndTheLimit() throws Exception {
        byte[] wav = Files.readAllBytes(TestAudio.librivox("0880"));
        Path models = models();
        Path truncated = root.resolve("truncated.jsonl");
        Files.writeString(
                truncated,
                record("audio", base64(Arrays.copyOf(wav, wav.length / 2)), "x", false) + "\n"
                        + record("text", "y", "y", false) + "\n");
        String cut = failingTrainHead(models, truncated);
        assertTrue(cut.contains("record 1") && cut.contains("truncated") && cut.contains("field audio"), cut);

        Path notAudio = root.resolve("not-audio.jsonl");
        byte[] random = new byte[20_000];
        new Random(9).nextBytes(random);
        Files.writeString(notAudio, record("audio", base64(random), "x", false) + "\n");
        String noise = failingTrainHead(models, notAudio);
        assertTrue(noise.contains("record 1") && noise.contains("UNSUPPORTED_TYPE"), noise);

        Path tooLong = root.resolve("too-long.jsonl");
        Files.copy(TestAudio.longSilence("train-long-silence"), root.resolve("silence.ogg"));
        Files.writeString(tooLong, record("audio", "silence.ogg", "x", false) + "\n");
        String limit = failingTrainHead(models, tooLong);
        assertTrue(limit.contains("record 1") && limit.contains("mmf.audio.max-seconds"), limit);
    }

    private String record(String field, String value, String label, boolean inline) throws Exception {
        ObjectNode r = JSON.createObjectNode();
        if (inline && !field.equals("text")) {
            r.put(field, "data:" + field + "/wav;base64," + base64(Files.readAllBytes(root.resolve(value))));
        } else {
            r.put(field, value);
        }
        return r.put("label", label).toString();
    }

    /** Spoken by flite into the data's folder; the record names it by its path relative to the data. */
    private String speech(String name, String text) throws Exception {
        Files.copy(TestAudio.flite("train-" + name, text), root.resolve(name + ".wav"));
        return name + ".wav";
    }

    private String clip(String name, String slide, String said) throws Exception {
        Files.copy(
                TestVideo.clip()
                        .slide("navy", slide, 3)
                        .audio(TestAudio.flite("train-clip-" + name, said))
                        .write("train-" + name + ".mp4"),
                root.resolve(name + ".mp4"));
        return name + ".mp4";
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The models train-head reads, linked into a folder its head is written to. */
    private Path models() throws Exception {
        Path models = root.resolve("models");
        Files.createDirectories(models);
        for (String id : List.of("all-minilm-l6-v2-q", "pp-ocrv4", "silero-vad-v5", "sphinx4-en-us")) {
            if (!Files.exists(models.resolve(id))) {
                Files.createSymbolicLink(
                        models.resolve(id), Path.of("models", id).toAbsolutePath());
            }
        }
        return models;
    }

    /** train-head in its own JVM, as it is run; its output, or a failure with it. */
    static String trainHead(Path models, Path data, String... args) throws Exception {
        Run run = run(models, data, args);
        assertEquals(0, run.exit(), run.output());
        run.output().lines().filter(l -> l.startsWith("train-head:")).forEach(System.out::println);
        return run.output();
    }

    private static String failingTrainHead(Path models, Path data) throws Exception {
        Run run = run(models, data, "--id", "never-written");
        assertTrue(run.exit() != 0, run.output());
        return run.output();
    }

    private record Run(int exit, String output) {}

    private static Run run(Path models, Path data, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TrainHead.class.getName(),
                "--data",
                data.toString(),
                "--models",
                models.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        return new Run(process.waitFor(), output);
    }
}
