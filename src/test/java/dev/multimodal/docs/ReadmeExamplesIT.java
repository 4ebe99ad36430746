package dev.multimodal.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.util.PackagedApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code curl} example of the README's "Use it" section against the packaged app, with
 * bash from the repository root as a reader would, and checks each answer: a 2xx status, and the
 * fields its {@code # →} comment shows (every {@code "key":} named there, and every
 * {@code "key":"value"} pair written out in full).
 */
class ReadmeExamplesIT {

    private static final Pattern FULL_PAIR = Pattern.compile("\"(\\w+)\":\"([^\"…]*)\"");
    private static final Pattern KEY = Pattern.compile("\"(\\w+)\":");
    /** A comment that starts with a status ({@code # 400 {...}}) expects that status instead of a 2xx. */
    private static final Pattern STATUS = Pattern.compile("# (\\d{3}) ");

    private static PackagedApp app;

    /** One example: the command lines, and what its comment says comes back. */
    record Example(String command, String expected) {}

    @BeforeAll
    static void start() throws Exception {
        app = PackagedApp.start("readme-examples", Map.of(), List.of()).awaitReady();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static List<Example> examples() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("\n## Use it\n");
        int to = readme.indexOf("\n## ", from + 1);
        String section = readme.substring(from, to);
        List<Example> examples = new ArrayList<>();
        Matcher blocks = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (blocks.find()) {
            StringBuilder command = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            for (String line : blocks.group(1).split("\n")) {
                if (line.startsWith("#")) {
                    if (line.startsWith("# →")
                            || line.startsWith("#  ")
                            || STATUS.matcher(line).lookingAt()) {
                        expected.append(line.substring(1)).append('\n');
                    } else if (!command.isEmpty()) {
                        examples.add(new Example(command.toString(), expected.toString()));
                        command.setLength(0);
                        expected.setLength(0);
                    }
                } else if (!line.isBlank()) {
                    if (!expected.isEmpty()) {
                        examples.add(new Example(command.toString(), expected.toString()));
                        command.setLength(0);
                        expected.setLength(0);
                    }
                    command.append(line).append('\n');
                }
            }
            if (!command.isEmpty()) {
                examples.add(new Example(command.toString(), expected.toString()));
            }
        }
        return examples;
    }

    @TestFactory
    List<DynamicTest> everyReadmeExampleAnswersAsItSays() throws Exception {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 8, "the README's Use it section lost its examples: " + examples.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (Example e : examples) {
            tests.add(DynamicTest.dynamicTest(e.command().lines().findFirst().orElse(""), () -> run(e)));
        }
        return tests;
    }

    private static void run(Example example) throws Exception {
        assertTrue(example.command().contains("curl "), "not a curl example: " + example.command());
        String script = "set -euo pipefail\n"
                + example.command()
                        .replace("localhost:8080", "127.0.0.1:" + app.port())
                        .replace("curl -s ", "curl -sS -w '\\nstatus %{http_code}\\n' ")
                        .replace("curl -si ", "curl -sSi -w '\\nstatus %{http_code}\\n' ");
        Process bash = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "timed out: " + example.command());
        assertEquals(0, bash.exitValue(), "the example failed:\n" + example.command() + "\n" + out);
        Matcher status = Pattern.compile("\nstatus (\\d{3})\n").matcher(out);
        assertTrue(status.find(), "no status in " + out);
        Matcher wanted = STATUS.matcher(example.expected().isEmpty() ? "" : "#" + example.expected());
        String expectedStatus = wanted.lookingAt() ? wanted.group(1) : "2";
        assertTrue(
                status.group(1).startsWith(expectedStatus),
                "status " + status.group(1) + " (the README says " + (wanted.lookingAt() ? expectedStatus : "2xx")
                        + ") for\n" + example.command() + out);
        assertFalse(out.isBlank(), "no answer to " + example.command());
        String compact = out.replace(" ", "");
        Matcher keys = KEY.matcher(example.expected());
        while (keys.find()) {
            assertTrue(
                    compact.contains("\"" + keys.group(1) + "\":"),
                    "the README shows \"" + keys.group(1) + "\" in the answer to\n" + example.command() + "but got "
                            + out);
        }
        Matcher pairs = FULL_PAIR.matcher(example.expected());
        while (pairs.find()) {
            String pair = "\"" + pairs.group(1) + "\":\"" + pairs.group(2) + "\"";
            assertTrue(
                    out.contains(pair),
                    "the README shows " + pair + " in the answer to\n" + example.command() + "but got " + out);
        }
        for (String header : List.of("ce-type: ", "ce-source: ")) {
            int at = example.expected().indexOf(header);
            if (at >= 0) {
                String value =
                        example.expected().substring(at + header.length()).split("[,\\s]")[0];
                assertTrue(out.toLowerCase().contains(header + value), "no " + header + value + " in\n" + out);
            }
        }
    }
}
