package dev.multimodal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @TempDir
    Path root;

    private final ManifestReader reader = new ManifestReader();
    private int fixtures;

    @Test
    void theCommittedManifestsAreValid() throws Exception {
        for (String id : new String[] {TestModels.INT8, TestModels.FP32}) {
            ModelManifest m = reader.read(TestModels.DIR.resolve(id));
            assertEquals(id, m.id());
            assertEquals(ModelFamily.TEXT_ENCODER, m.family());
            assertEquals(384, m.dimension());
            assertEquals(128, m.text().maxTokens());
            assertEquals("Apache-2.0", m.license());
            assertTrue(m.bundled());
            assertEquals("maven", m.file("model").orElseThrow().source().type());
        }
    }

    @Test
    void eachProblemNamesTheModelTheFieldAndTheFix() {
        assertRefused(m -> m.remove("family"), "family", "is missing");
        assertRefused(m -> m.put("family", "head"), "tensors.input", "is missing");
        assertRefused(m -> m.put("family", "audio"), "family", "unknown family");
        assertRefused(m -> m.put("dimension", -3), "dimension", "positive integer");
        assertRefused(m -> m.put("dimension", "384"), "dimension", "positive integer");
        assertRefused(
                m -> ((ObjectNode) m.withArray("files").get(0)).put("sha256", "abc"), "files[0].sha256", "64 hex");
        assertRefused(
                m -> ((ObjectNode) m.withArray("files").get(0)).put("name", "../x.onnx"),
                "files[0].name",
                "plain file name");
        assertRefused(
                m -> ((ObjectNode) m.withArray("files").get(0).get("source")).put("type", "ftp"),
                "files[0].source.type",
                "unknown source");
        assertRefused(
                m -> ((ObjectNode) m.withArray("files").get(0).get("source")).put("artifact", "just-a-name"),
                "files[0].source.artifact",
                "group:artifact:version");
        assertRefused(
                m -> ((ObjectNode) m.withArray("files").get(1)).put("role", "vocab"),
                "files",
                "no file has role 'tokenizer'");
        assertRefused(m -> ((ObjectNode) m.get("tensors")).remove("inputIds"), "tensors.inputIds", "is missing");
        assertRefused(m -> ((ObjectNode) m.get("text")).put("pooling", "max"), "text.pooling", "unknown pooling");
        assertRefused(m -> ((ObjectNode) m.get("text")).put("maxTokens", 2), "text.maxTokens", "special tokens");
        assertRefused(m -> m.put("id", "other"), "id", "does not match its folder");
    }

    @Test
    void aModelsOwnBatchingSectionIsReadAndRefusedByField() throws Exception {
        assertRefused(m -> m.putObject("batching").put("maxBatchSize", 0), "batching.maxBatchSize", "positive");
        assertRefused(m -> m.putObject("batching").put("workers", "2"), "batching.workers", "positive");
        assertRefused(m -> m.putObject("batching").put("maxDelayMicros", -1), "batching.maxDelayMicros", ">= 0");
        assertRefused(
                m -> m.putObject("batching").put("maxBatchSize", 64).put("queueCapacity", 8),
                "batching.queueCapacity",
                "below maxBatchSize");
        assertRefused(m -> m.putObject("batching").put("threads", 2), "batching.threads", "not a batching setting");
        assertRefused(
                m -> m.putObject("batching")
                        .putObject("graphs")
                        .putObject("vision")
                        .put("maxBatchSize", 2),
                "batching.graphs.vision",
                "not a graph of this model");

        dev.multimodal.runtime.BatcherSettings fallback =
                new dev.multimodal.runtime.BatcherSettings(32, 500, 1024, 2, 1, 1 << 26, 5000, 10_000, 0, false);
        ModelManifest own = reader.read(ManifestFixtures.copyOf(
                TestModels.DIR.resolve(TestModels.INT8),
                root,
                m -> m.putObject("batching").put("maxBatchSize", 8).put("workers", 1)));
        assertEquals(
                new dev.multimodal.runtime.BatcherSettings(8, 500, 1024, 1, 1, 1 << 26, 5000, 10_000, 0, false),
                own.batching().applyTo(fallback),
                "what the section leaves out falls back, admission and drain included");

        ModelManifest ocr = reader.read(TestModels.DIR.resolve("pp-ocrv4"));
        assertEquals(
                4,
                ocr.batching().forGraph("recognition", fallback).maxBatchSize(),
                "PP-OCRv4's recogniser takes four lines a batch, its own setting");
        assertEquals(fallback, ocr.batching().forGraph("detection", fallback), "the other graphs fall back");
    }

    @Test
    void theCommittedOcrAndClipManifestsAreValid() throws Exception {
        ModelManifest ocr = reader.read(TestModels.DIR.resolve("pp-ocrv4"));
        assertEquals(ModelFamily.OCR, ocr.family());
        assertEquals(java.util.List.of("detection", "classification", "recognition"), ocr.graphRoles());
        assertEquals("npm", ocr.file("recognition").orElseThrow().source().type());
        assertEquals(960, ocr.ocr().limitSide());
        assertEquals(2.0f, ocr.ocr().unclipRatio());
        assertEquals(0, ocr.dimension());
        ModelManifest clip = reader.read(TestModels.DIR.resolve("clip-vit-b-32"));
        assertEquals(ModelFamily.CLIP, clip.family());
        assertEquals(512, clip.dimension());
        assertEquals(100f, clip.clip().logitScale());
        assertEquals(224, clip.image().cropWidth());
        assertEquals(0.26862954f, clip.image().std()[0]);
        assertEquals(Pooling.NONE, clip.text().pooling());
        assertEquals("vision", clip.graphOf("pixels"));
        assertEquals("text", clip.graphOf("textOutput"));
        assertTrue(!clip.bundled()
                && clip.files().stream()
                        .allMatch(f -> f.sha256() == null && f.source().url().startsWith("https://")));
    }

    @Test
    void familySectionsAreCheckedFieldByField() throws Exception {
        assertRefused(
                m -> m.put("bundled", true).withArray("files").forEach(f -> ((ObjectNode) f).remove("sha256")),
                "files[0].sha256",
                "is missing");
        assertRefused(m -> m.put("family", "image-encoder").put("tensors", (String) null), "tensors", "is missing");
        assertRefused(
                m -> {
                    m.put("family", "image-encoder");
                    ((ObjectNode) m.get("tensors")).put("pixels", "input_ids");
                },
                "image",
                "is missing");
        assertRefused(
                m -> {
                    m.put("family", "image-encoder");
                    ((ObjectNode) m.get("tensors")).put("pixels", "input_ids");
                    m.putObject("image").put("resize", "exact").put("width", 224);
                },
                "image.width",
                "width and height");
        assertRefused(
                m -> {
                    m.put("family", "image-encoder");
                    ((ObjectNode) m.get("tensors")).put("pixels", "input_ids");
                    m.putObject("image").putArray("std").add(0.5).add(0).add(0.5);
                },
                "image.std",
                "positive");
        assertRefused(
                m -> {
                    m.put("family", "image-encoder");
                    ((ObjectNode) m.get("tensors")).put("pixels", "input_ids");
                    m.putObject("image").put("layout", "CHWN");
                },
                "layout",
                "unknown value");
        assertRefused(m -> m.put("family", "ocr"), "files", "no file has role 'detection'");
        ManifestException clip = assertThrows(
                ManifestException.class,
                () -> reader.read(
                        ManifestFixtures.copyOf(TestModels.DIR.resolve("clip-vit-b-32"), root, m -> m.remove("clip"))));
        assertEquals("clip", clip.field());
        ManifestException scale = assertThrows(
                ManifestException.class,
                () -> reader.read(ManifestFixtures.copyOf(
                        TestModels.DIR.resolve("clip-vit-b-32"),
                        root,
                        m -> m.putObject("clip").put("logitScale", -1))));
        assertEquals("clip.logitScale", scale.field());
    }

    @Test
    void aSpeechModelsSearchIsItsOwnOrSphinx4sAndIsRefusedByField() throws Exception {
        Path sphinx = TestModels.DIR.resolve("sphinx4-en-us");
        ModelManifest committed = reader.read(sphinx);
        assertEquals(
                new ModelManifest.SpeechSettings(4000, 1e-48, 50, 1e-40, 256),
                committed.speech(),
                "the beams bench/asr chose (docs/benchmarks.md), and the heap a decoder holds with them");
        ModelManifest without = reader.read(ManifestFixtures.copyOf(sphinx, root, m -> m.remove("speech")));
        assertEquals(ModelManifest.SpeechSettings.SPHINX4_DEFAULTS, without.speech());
        for (var bad : List.of(
                new Object[] {"absoluteBeamWidth", 2, "at least 3"},
                new Object[] {"absoluteWordBeamWidth", "50", "at least 3"},
                new Object[] {"relativeBeamWidth", 0, "above 0 and at most 1"},
                new Object[] {"relativeWordBeamWidth", 2, "above 0 and at most 1"},
                new Object[] {"decoderHeapMiB", 0, "MiB above 0"},
                new Object[] {"decoderHeapMiB", "256", "MiB above 0"})) {
            Path dir = ManifestFixtures.copyOf(sphinx, root.resolve("bad-" + bad[0]), m -> {
                ObjectNode speech = (ObjectNode) m.get("speech");
                if (bad[1] instanceof String text) {
                    speech.put((String) bad[0], text);
                } else {
                    speech.put((String) bad[0], (Integer) bad[1]);
                }
            });
            ManifestException e = assertThrows(ManifestException.class, () -> reader.read(dir));
            assertEquals("speech." + bad[0], e.field(), e.getMessage());
            assertTrue(e.problem().contains((String) bad[2]), e.getMessage());
        }
        assertEquals(null, reader.read(TestModels.DIR.resolve(TestModels.INT8)).speech(), "only speech models");
    }

    @Test
    void brokenJsonIsRefusedWithTheFile() throws Exception {
        Path dir = Files.createDirectories(root.resolve("broken"));
        Files.writeString(dir.resolve("model.json"), "{\"id\": \"broken\",");
        ManifestException e = assertThrows(ManifestException.class, () -> reader.read(dir));
        assertEquals("broken", e.modelId());
        assertEquals("model.json", e.field());
        assertTrue(e.getMessage().contains("Fix:"));
    }

    private void assertRefused(Consumer<ObjectNode> edit, String field, String problem) {
        String id = "m" + (++fixtures);
        ManifestException e =
                assertThrows(ManifestException.class, () -> reader.read(ManifestFixtures.model(root, id, edit)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith("model '") && e.getMessage().contains(id), e.getMessage());
        assertTrue(!e.fix().isBlank(), e.getMessage());
    }
}
