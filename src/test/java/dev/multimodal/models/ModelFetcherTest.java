package dev.multimodal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching from a Maven artifact in a local repository: unpacked, checked, placed, or refused. */
class ModelFetcherTest {

    @TempDir
    Path root;

    private String savedRepo;

    @BeforeEach
    void useTemporaryRepository() throws Exception {
        savedRepo = System.getProperty("maven.repo.local");
        Path jar = Files.createDirectories(root.resolve("repo/org/example/weights/1.0"))
                .resolve("weights-1.0.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("inside/model.onnx"));
            zip.write("pretend weights".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        System.setProperty("maven.repo.local", root.resolve("repo").toString());
    }

    @AfterEach
    void restore() {
        if (savedRepo == null) {
            System.clearProperty("maven.repo.local");
        } else {
            System.setProperty("maven.repo.local", savedRepo);
        }
    }

    @Test
    void aMatchingFileIsUnpackedIntoTheModelFolder() throws Exception {
        Path models = root.resolve("models");
        ModelManifest manifest = manifest(models, Checksums.sha256(write(root.resolve("expected"), "pretend weights")));
        new ModelFetcher(models).fetch(manifest);
        Path placed = models.resolve("m/model.onnx");
        assertEquals("pretend weights", Files.readString(placed));
        Checksums.check(manifest, true);
    }

    @Test
    void aMismatchIsRefusedAndLeavesNothingBehind() throws Exception {
        Path models = root.resolve("models");
        ModelManifest manifest = manifest(models, "0".repeat(64));
        ManifestException e = assertThrows(ManifestException.class, () -> new ModelFetcher(models).fetch(manifest));
        assertEquals("files[0].sha256", e.field());
        assertTrue(e.getMessage().contains("the manifest expects"), e.getMessage());
        try (var left = Files.list(models.resolve("m"))) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().contains("model.onnx")), "no partial file");
        }
    }

    @Test
    void aNamedModelThatCannotBeFetchedIsReportedAndTheCommandFails() throws Exception {
        Path models = Files.createDirectories(root.resolve("fetch-models"));
        Path clip = ManifestFixtures.copyOf(
                Path.of("models/clip-vit-b-32"),
                models,
                m -> m.withArray("files")
                        .forEach(f -> ((com.fasterxml.jackson.databind.node.ObjectNode) f.get("source"))
                                .put("url", "https://127.0.0.1:1/nothing-listens-here.onnx")));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = ModelFetcher.run(new String[] {"--dir", models.toString(), "clip-vit-b-32"});
        } finally {
            System.setErr(saved);
        }
        assertEquals(1, status);
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("model 'clip-vit-b-32'") && said.contains("cannot fetch"), said);
        assertFalse(Files.exists(clip.resolve("vision.onnx")));
        assertEquals(2, ModelFetcher.run(new String[] {"--dir", models.toString()}));
    }

    private static ModelManifest manifest(Path models, String sha) throws Exception {
        Path dir = Files.createDirectories(models.resolve("m"));
        return new ModelManifest(
                "m",
                "1",
                ModelFamily.TEXT_ENCODER,
                "",
                "MIT",
                true,
                List.of(new ModelManifest.ModelFile(
                        "model.onnx",
                        "model",
                        sha,
                        new ModelManifest.Source("maven", "org.example:weights:1.0", null, "inside/model.onnx"))),
                Map.of(),
                new ModelManifest.TextSettings(128, Pooling.MEAN, true),
                null,
                null,
                null,
                null,
                null,
                ModelBatching.NONE,
                4,
                dir);
    }

    private static Path write(Path file, String content) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
