package dev.multimodal.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.config.AudioConfig;
import dev.multimodal.config.VideoConfig;
import io.smallrye.config.WithDefault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A function that may work for minutes (a recording's transcription, a clip's) must answer before its
 * platform cuts the request: past the cut the client gets the platform's error, not the 413 that names
 * the budget. So every Knative Service that loads the speech model, or exports a video function, sets
 * {@code timeoutSeconds} (Knative's default is 300 s) above its time budgets by a margin, and no higher
 * than the 600 s a cluster allows by default; every Lambda template of those functions sets a
 * {@code Timeout} above them the same way.
 */
class DeployTimeoutsTest {

    /** Reading, base64 and the container's probe come before a recording's budget starts. */
    private static final Duration MARGIN = Duration.ofSeconds(20);

    private static final Duration KNATIVE_MAX = Duration.ofSeconds(600);

    private static final Set<String> VIDEO = Set.of("read-video", "encode-video", "analyze-video");

    @Test
    void everySpeechOrVideoServiceAnswersBeforeKnativeCutsTheRequest() throws Exception {
        int checked = 0;
        for (String folder : List.of("base", "overlays/cpu", "overlays/gpu", "overlays/gateway")) {
            for (JsonNode service :
                    DeployConsistencyTest.kind(DeployConsistencyTest.build(Path.of("deploy", folder)), "Service")) {
                String name = folder + ": " + service.at("/metadata/name").asText();
                if (!service.at("/spec/template/spec/containers/0/image")
                        .asText()
                        .startsWith("multimodal-functions")) {
                    continue; // not this application (the dead-letter sink)
                }
                String models = env(service, "MMF_MODELS_INCLUDE");
                String exported = DeployConsistencyTest.exported(service);
                boolean speech = models == null || models.contains("sphinx4");
                boolean video = exported == null || VIDEO.contains(exported);
                if (!speech && !video) {
                    continue;
                }
                JsonNode timeout = service.at("/spec/template/spec/timeoutSeconds");
                assertTrue(
                        timeout.isInt(),
                        name + " sets timeoutSeconds (Knative's default of 300 s is under its budget)");
                Duration cut = Duration.ofSeconds(timeout.asLong());
                assertFalse(
                        cut.compareTo(KNATIVE_MAX) > 0, name + ": Knative refuses timeoutSeconds over 600 by default");
                if (speech) {
                    Duration audio = budget(env(service, "MMF_AUDIO_TIME_BUDGET"), AudioConfig.class);
                    fits(name, "mmf.audio.time-budget", audio, cut);
                }
                if (video) {
                    Duration pictures = budget(env(service, "MMF_VIDEO_TIME_BUDGET"), VideoConfig.class);
                    fits(name, "mmf.video.time-budget", pictures, cut);
                }
                checked++;
            }
        }
        assertTrue(checked >= 7, "the six speech and video Services and the gateway were checked: " + checked);
    }

    @Test
    void everySpeechOrVideoLambdaAnswersBeforeItsTimeout() throws Exception {
        for (String function : List.of("transcribe", "encode-audio", "read-video", "encode-video")) {
            String template = Files.readString(Path.of("deploy", "lambda", function + ".yaml"));
            Duration timeout = Duration.ofSeconds(Long.parseLong(value(template, "Timeout")));
            fits(
                    function,
                    "mmf.audio.time-budget",
                    budget(value(template, "MMF_AUDIO_TIME_BUDGET"), AudioConfig.class),
                    timeout);
        }
    }

    /** The budget, with the margin, within the platform's cut. */
    private static void fits(String where, String setting, Duration budget, Duration cut) {
        assertTrue(
                budget.plus(MARGIN).compareTo(cut) <= 0,
                where + ": " + setting + " " + budget + " + " + MARGIN + " must fit in the platform's timeout " + cut);
    }

    /** The Service's own value, else the default the configuration interface declares. */
    private static Duration budget(String own, Class<?> config) throws NoSuchMethodException {
        if (own != null) {
            return DeployConsistencyTest.duration(own);
        }
        WithDefault declared = config.getMethod("timeBudget").getAnnotation(WithDefault.class);
        assertNotNull(declared, config.getSimpleName() + ".timeBudget() declares its default");
        return DeployConsistencyTest.duration(declared.value());
    }

    private static String env(JsonNode service, String variable) {
        for (JsonNode env : service.at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals(variable)) {
                return env.path("value").asText();
            }
        }
        return null;
    }

    /** A {@code key: value} of a CloudFormation template (which Jackson cannot read for its tags). */
    private static String value(String template, String key) {
        Matcher m =
                Pattern.compile("(?m)^\\s+" + key + ": *\"?([^\"\\s]+)\"?\\s*$").matcher(template);
        return m.find() ? m.group(1) : null;
    }
}
