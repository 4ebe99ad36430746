package dev.multimodal.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it from your client" snippets are the code OpenAIClientsIT runs: the Java ones
 * are its regions between {@code // README: <name>} and {@code // README: end}, the node one is
 * src/test/node/embed.mjs itself.
 */
class ReadmeClientsTest {

    @Test
    void theClientSnippetsAreTheCodeTheClientTestsRun() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Use it from your client"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<String> blocks = new ArrayList<>();
        Matcher m =
                Pattern.compile("```(?:java|js)\n(.*?)\n```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        String it = Files.readString(Path.of("src/test/java/dev/multimodal/gateway/OpenAIClientsIT.java"));
        assertEquals(
                List.of(
                        region(it, "java-sdk"),
                        region(it, "langchain4j"),
                        Files.readString(Path.of("src/test/node/embed.mjs")).stripTrailing()),
                blocks);
    }

    /** The lines between the two markers, without their common indentation. */
    private static String region(String source, String name) {
        Matcher m = Pattern.compile("// README: " + name + "\n(.*?)\n[ \t]*// README: end", Pattern.DOTALL)
                .matcher(source);
        if (!m.find()) {
            throw new AssertionError("no README region " + name + " in OpenAIClientsIT");
        }
        List<String> lines = m.group(1).lines().toList();
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return String.join(
                "\n",
                lines.stream()
                        .map(l -> l.length() >= indent ? l.substring(indent) : l)
                        .toList());
    }
}
