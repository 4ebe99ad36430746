package dev.multimodal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PrepareModels leaves what a start needs to skip hashing and optimising, and fails on a bad model. */
class PrepareModelsTest {

    @TempDir
    Path root;

    @Test
    void leavesVerifiedRecordsAndSavedGraphs() throws Exception {
        Path dir = ManifestFixtures.model(root, "m", m -> {});
        assertEquals(0, PrepareModels.prepare(root, "all"));
        assertTrue(Files.isRegularFile(dir.resolve("model.onnx.verified")));
        assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json.verified")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    1,
                    files.filter(p -> p.getFileName().toString().endsWith(".opt.onnx"))
                            .count());
        }
    }

    @Test
    void aModelThatFailsFailsTheCommand() throws Exception {
        ManifestFixtures.model(
                root,
                "bad",
                m -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                                m.withArray("files").get(0))
                        .put("sha256", "0".repeat(64)));
        assertEquals(1, PrepareModels.prepare(root, "all"));
    }
}
