package dev.multimodal.registry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.models.ChecksumMode;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.models.ModelStatus;
import dev.multimodal.runtime.SessionSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up's output is compared with the one recorded when the model's files were verified: a
 * tokenizer changed in a way no checksum saw (checksums off) makes the model fail its warm-up,
 * naming why, where it used to be READY and answer "hello world" at a cosine of 0.6.
 */
class WarmUpReferenceTest {

    private static final String ID = TestModels.INT8;

    @TempDir
    Path root;

    private Path copy() throws Exception {
        Path dir = Files.createDirectories(root.resolve(ID));
        for (String file : List.of("model.json", "model.onnx", "tokenizer.json")) {
            Files.copy(TestModels.DIR.resolve(ID).resolve(file), dir.resolve(file));
        }
        return dir;
    }

    private List<Path> references(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("warm-up-"))
                    .toList();
        }
    }

    /** Loads the copy with these checksums and builds its encoder as the service does; closes both. */
    private void start(ChecksumMode checksums) throws Exception {
        try (ModelRepository repository = ModelRepository.load(
                root,
                Set.of(ID),
                checksums,
                TestModels.host(),
                SessionSettings.cpuDefaults().withGraphCache(false))) {
            ModelRepository.LoadedModel model = repository
                    .get(ID)
                    .orElseThrow(() -> new ManifestException(
                            ID, "files", repository.statuses().toString(), "-"));
            EncoderFactory.Built built = new EncoderFactory(
                            TestModels.host().environment(), TestModels.BATCHING, new SimpleMeterRegistry(), true)
                    .withReferences(checksums)
                    .build(model);
            EncoderFactory.close(built);
        }
    }

    /** One vocabulary id of a word of the warm-up text changed; the file's size and time put back. */
    private static void changeOneId(Path tokenizer) throws Exception {
        FileTime time = Files.getLastModifiedTime(tokenizer);
        String text = Files.readString(tokenizer);
        String changed = text.replace("\"warm\": 4010,", "\"warm\": 4011,");
        assertTrue(!changed.equals(text));
        Files.writeString(tokenizer, changed);
        Files.setLastModifiedTime(tokenizer, time);
    }

    @Test
    void aVerifiedStartRecordsTheReferenceAndLaterStartsMatchIt() throws Exception {
        Path dir = copy();
        start(ChecksumMode.CACHED);
        assertEquals(1, references(dir).size(), "recorded at the verified start");
        String recorded = Files.readString(references(dir).get(0));
        assertDoesNotThrow(() -> start(ChecksumMode.CACHED));
        assertDoesNotThrow(() -> start(ChecksumMode.OFF));
        assertEquals(recorded, Files.readString(references(dir).get(0)), "compared, not rewritten");
    }

    @Test
    void aStartWithoutChecksumsRecordsNothing() throws Exception {
        Path dir = copy();
        start(ChecksumMode.OFF);
        assertTrue(references(dir).isEmpty(), "unverified files vouch for no reference");
    }

    @Test
    void aTokenizerChangedUnseenFailsItsWarmUp() throws Exception {
        Path dir = copy();
        start(ChecksumMode.CACHED);
        changeOneId(dir.resolve("tokenizer.json"));

        // with checksums on, the stamp no longer vouches for the file: hashed, and refused
        try (ModelRepository repository = ModelRepository.load(
                root,
                Set.of(ID),
                ChecksumMode.CACHED,
                TestModels.host(),
                SessionSettings.cpuDefaults().withGraphCache(false))) {
            ModelStatus status = repository.statuses().get(0);
            assertEquals(ModelStatus.State.FAILED, status.state());
            assertEquals("files[1].sha256", status.field());
        }
        // with checksums off, only the warm-up's output can tell
        ManifestException e = assertThrows(ManifestException.class, () -> start(ChecksumMode.OFF));
        assertEquals("warm-up", e.field());
        assertTrue(e.getMessage().contains("differs (cosine"), e.getMessage());
    }
}
