package dev.multimodal.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Copies of the bundled int8 model in temporary folders, with a manifest edited per test. */
public final class ManifestFixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestFixtures() {}

    /** A committed manifest alone (no weights), edited, in a folder of the same name under {@code root}. */
    public static Path copyOf(Path modelDir, Path root, Consumer<ObjectNode> edit) throws IOException {
        Path dir = Files.createDirectories(root.resolve(modelDir.getFileName().toString()));
        ObjectNode manifest =
                (ObjectNode) MAPPER.readTree(modelDir.resolve("model.json").toFile());
        edit.accept(manifest);
        Files.writeString(
                dir.resolve("model.json"),
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        return dir;
    }

    /** models/&lt;id&gt;/ under {@code root} with links to the real weights and an edited manifest. */
    public static Path model(Path root, String id, Consumer<ObjectNode> edit) throws IOException {
        Path source = TestModels.DIR.resolve(TestModels.INT8);
        Path dir = Files.createDirectories(root.resolve(id));
        ObjectNode manifest =
                (ObjectNode) MAPPER.readTree(source.resolve("model.json").toFile());
        manifest.put("id", id);
        edit.accept(manifest);
        Files.writeString(
                dir.resolve("model.json"),
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        for (String file : new String[] {"model.onnx", "tokenizer.json"}) {
            Files.createSymbolicLink(dir.resolve(file), source.resolve(file).toAbsolutePath());
        }
        return dir;
    }
}
