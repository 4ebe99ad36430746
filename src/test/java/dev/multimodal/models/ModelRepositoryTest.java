package dev.multimodal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.TestModels;
import dev.multimodal.runtime.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad model is refused with its reason while the good ones still load. */
class ModelRepositoryTest {

    @TempDir
    Path root;

    @Test
    void badModelsAreRefusedOneByOneWithTheirReason() throws Exception {
        ManifestFixtures.model(root, "good", m -> {});
        ManifestFixtures.model(
                root, "bad-sha", m -> ((ObjectNode) m.withArray("files").get(0)).put("sha256", "0".repeat(64)));
        Files.delete(ManifestFixtures.model(root, "no-weights", m -> {}).resolve("model.onnx"));
        ManifestFixtures.model(root, "wrong-tensor", m -> ((ObjectNode) m.get("tensors")).put("output", "pooled"));
        ManifestFixtures.model(root, "unmapped-input", m -> ((ObjectNode) m.get("tensors")).remove("tokenTypeIds"));

        try (ModelRepository repo =
                ModelRepository.load(root, Set.of(), true, TestModels.host(), SessionSettings.cpuDefaults())) {
            Map<String, ModelStatus> byId =
                    repo.statuses().stream().collect(Collectors.toMap(ModelStatus::id, Function.identity()));
            assertEquals(ModelStatus.State.LOADING, byId.get("good").state(), "loaded, waiting for warm-up");
            assertTrue(repo.get("good").isPresent());

            assertFailed(byId.get("bad-sha"), "files[0].sha256", "models/fetch bad-sha");
            assertFailed(byId.get("no-weights"), "files[0]", "./mvnw package");
            assertFailed(byId.get("wrong-tensor"), "tensors.output", "last_hidden_state");
            assertFailed(byId.get("unmapped-input"), "tensors", "token_type_ids");
            assertFalse(repo.allReady());

            repo.markReady("good");
            assertFalse(repo.allReady(), "one failed model keeps readiness down");
        }
    }

    @Test
    void checksumsCanBeSkippedAndReadinessFollowsWarmUp() throws Exception {
        ManifestFixtures.model(
                root, "unchecked", m -> ((ObjectNode) m.withArray("files").get(0)).put("sha256", "0".repeat(64)));
        try (ModelRepository repo =
                ModelRepository.load(root, Set.of(), false, TestModels.host(), SessionSettings.cpuDefaults())) {
            assertTrue(repo.get("unchecked").isPresent());
            assertFalse(repo.allReady());
            repo.markReady("unchecked");
            assertTrue(repo.allReady());
            assertEquals("cpu", repo.statuses().get(0).provider());
        }
    }

    @Test
    void anIncludedModelWithoutAManifestIsNamed() throws Exception {
        ManifestFixtures.model(root, "present", m -> {});
        try (ModelRepository repo = ModelRepository.load(
                root, Set.of("present", "absent"), true, TestModels.host(), SessionSettings.cpuDefaults())) {
            ModelStatus absent = repo.statuses().stream()
                    .filter(s -> s.id().equals("absent"))
                    .findFirst()
                    .orElseThrow();
            assertFailed(absent, "mmf.models.include", "remove it");
        }
    }

    @Test
    void anOptionalModelNobodyFetchedIsNotInstalledAndDoesNotHoldReadinessDown() throws Exception {
        ManifestFixtures.model(root, "good", m -> {});
        ManifestFixtures.copyOf(TestModels.DIR.resolve("clip-vit-b-32"), root, m -> {});
        try (ModelRepository repo =
                ModelRepository.load(root, Set.of(), true, TestModels.host(), SessionSettings.cpuDefaults())) {
            Map<String, ModelStatus> byId =
                    repo.statuses().stream().collect(Collectors.toMap(ModelStatus::id, Function.identity()));
            assertEquals(
                    ModelStatus.State.NOT_INSTALLED, byId.get("clip-vit-b-32").state());
            assertTrue(byId.get("clip-vit-b-32").fix().contains("models/fetch clip-vit-b-32"));
            repo.markReady("good");
            assertTrue(repo.allReady());
        }
        // named in mmf.models.include, the same missing files are a failure
        try (ModelRepository repo = ModelRepository.load(
                root, Set.of("clip-vit-b-32"), true, TestModels.host(), SessionSettings.cpuDefaults())) {
            assertEquals(ModelStatus.State.FAILED, repo.statuses().get(0).state());
            assertFalse(repo.allReady());
        }
    }

    @Test
    void aFileWithoutAHashIsCheckedAgainstThePinOfItsFirstFetch() throws Exception {
        Path dir = ManifestFixtures.model(root, "pinned", m -> {
            m.put("bundled", false);
            m.withArray("files").forEach(f -> ((ObjectNode) f).remove("sha256"));
        });
        ModelManifest manifest = new ManifestReader().read(dir);
        ManifestException unpinned = org.junit.jupiter.api.Assertions.assertThrows(
                ManifestException.class, () -> Checksums.check(manifest, true));
        assertTrue(unpinned.problem().contains("none was pinned"), unpinned.getMessage());
        for (ModelManifest.ModelFile file : manifest.files()) {
            Files.writeString(Checksums.pinFile(manifest, file), Checksums.sha256(dir.resolve(file.name())) + "\n");
        }
        Checksums.check(manifest, true);
        Files.writeString(Checksums.pinFile(manifest, manifest.files().get(0)), "0".repeat(64));
        ManifestException changed = org.junit.jupiter.api.Assertions.assertThrows(
                ManifestException.class, () -> Checksums.check(manifest, true));
        assertEquals("files[0].sha256", changed.field());
    }

    @Test
    void anEmptyFolderIsNeverReady() {
        try (ModelRepository repo = ModelRepository.load(
                root.resolve("nothing"), Set.of(), true, TestModels.host(), SessionSettings.cpuDefaults())) {
            assertFalse(repo.allReady());
        }
    }

    private static void assertFailed(ModelStatus status, String field, String fixContains) {
        assertEquals(ModelStatus.State.FAILED, status.state(), String.valueOf(status));
        assertEquals(field, status.field(), status.error());
        assertTrue(status.error().contains("model '" + status.id() + "'"), status.error());
        assertTrue(status.fix().contains(fixContains) || status.error().contains(fixContains), status.error());
    }
}
