package dev.multimodal.models;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any model.json: the reader answers a manifest or a {@link ManifestException} naming the field
 * and the fix — never another exception, which would stop the service from starting with a stack
 * trace instead of saying which manifest is wrong.
 */
class ManifestReaderFuzzTest {

    private static Path root;
    private static Path model;

    @BeforeAll
    static void folder() throws IOException {
        root = Files.createTempDirectory("manifest-fuzz");
        model = Files.createDirectory(root.resolve("fuzz-model"));
    }

    @AfterAll
    static void clean() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void read(byte[] manifest) throws IOException {
        Files.write(model.resolve(ManifestReader.MANIFEST), manifest);
        try {
            new ManifestReader().read(model);
        } catch (ManifestException expected) {
            // refused by field
        }
    }
}
