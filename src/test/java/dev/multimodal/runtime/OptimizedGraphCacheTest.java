package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.multimodal.TestModels;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graph optimised once and saved, then opened with optimisation off, answers exactly as the graph
 * optimised at start-up does: the int8 text model and the OCR detection network (convolutions, where
 * ONNX Runtime rewrites layouts for the CPU).
 */
class OptimizedGraphCacheTest {

    @TempDir
    Path dir;

    private final OnnxRuntimeHost host = TestModels.host();
    /** One intra-op thread: the same reduction order in every session. */
    private final SessionSettings settings =
            new SessionSettings(ExecutionProvider.CPU, 0, 1, 1, OptimizationLevel.ALL, true, true, false);

    private Path copy(String model, String file) throws Exception {
        Path target = dir.resolve(model + "-" + file);
        Files.copy(TestModels.DIR.resolve(model).resolve(file), target);
        return target;
    }

    private List<Path> cached(Path source) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(source.getFileName() + ".")
                            && p.getFileName().toString().endsWith(".opt.onnx"))
                    .toList();
        }
    }

    private void sameAnswers(Path source, Map<String, ? extends OnnxTensor> inputs) throws Exception {
        float[] reference;
        try (LoadedSession plain = host.open("plain", source, settings.withGraphCache(false))) {
            reference = run(plain.session(), inputs);
        }
        assertTrue(cached(source).isEmpty(), "no cache without the setting");

        int hits = host.graphCacheHits();
        float[] first;
        try (LoadedSession optimising = host.open("first", source, settings)) {
            first = run(optimising.session(), inputs);
        }
        assertEquals(hits, host.graphCacheHits(), "the first start optimises");
        assertEquals(1, cached(source).size(), "and saves the optimised graph beside the model");

        float[] second;
        try (LoadedSession fromCache = host.open("second", source, settings)) {
            second = run(fromCache.session(), inputs);
        }
        assertEquals(hits + 1, host.graphCacheHits(), "the next start opens the saved graph");

        assertArrayEquals(reference, first, 0f);
        assertArrayEquals(reference, second, 0f);
    }

    private static float[] run(OrtSession session, Map<String, ? extends OnnxTensor> inputs) throws Exception {
        try (OrtSession.Result result = session.run(inputs)) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer buffer = out.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }

    @Test
    void textModelAnswersTheSameFromItsSavedGraph() throws Exception {
        OrtEnvironment env = host.environment();
        long[][] ids = {{101, 1037, 2417, 10165, 17664, 2114, 1037, 5318, 2813, 1012, 102}};
        long[][] mask = new long[1][ids[0].length];
        long[][] types = new long[1][ids[0].length];
        for (int i = 0; i < ids[0].length; i++) {
            mask[0][i] = 1;
        }
        try (OnnxTensor a = OnnxTensor.createTensor(env, ids);
                OnnxTensor b = OnnxTensor.createTensor(env, mask);
                OnnxTensor c = OnnxTensor.createTensor(env, types)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", a);
            inputs.put("attention_mask", b);
            inputs.put("token_type_ids", c);
            sameAnswers(copy(TestModels.INT8, "model.onnx"), inputs);
        }
    }

    @Test
    void detectionNetworkAnswersTheSameFromItsSavedGraph() throws Exception {
        int h = 64;
        int w = 96;
        float[] pixels = new float[3 * h * w];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.sin(i * 0.37) * 0.8f;
        }
        try (OnnxTensor x =
                OnnxTensor.createTensor(host.environment(), FloatBuffer.wrap(pixels), new long[] {1, 3, h, w})) {
            sameAnswers(copy(TestModels.OCR, "detection.onnx"), Map.of("x", x));
        }
    }

    @Test
    void aDamagedSavedGraphIsRebuilt() throws Exception {
        Path source = copy(TestModels.INT8, "model.onnx");
        try (LoadedSession ignored = host.open("first", source, settings)) {
            assertEquals(1, cached(source).size());
        }
        Path saved = cached(source).get(0);
        Files.write(saved, new byte[] {1, 2, 3});
        int hits = host.graphCacheHits();
        try (LoadedSession session = host.open("again", source, settings)) {
            assertTrue(session.session().getInputNames().contains("input_ids"));
        }
        assertEquals(hits, host.graphCacheHits());
        assertTrue(Files.size(cached(source).get(0)) > 3, "written again");
    }

    /** The int8 text model's inputs for "a sentence", and its output from the source graph. */
    private float[] textAnswer(LoadedSession session) throws Exception {
        OrtEnvironment env = host.environment();
        long[][] ids = {{101, 1037, 2417, 10165, 17664, 2114, 1037, 5318, 2813, 1012, 102}};
        long[][] mask = new long[1][ids[0].length];
        long[][] types = new long[1][ids[0].length];
        java.util.Arrays.fill(mask[0], 1);
        try (OnnxTensor a = OnnxTensor.createTensor(env, ids);
                OnnxTensor b = OnnxTensor.createTensor(env, mask);
                OnnxTensor c = OnnxTensor.createTensor(env, types)) {
            return run(session.session(), Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c));
        }
    }

    /**
     * Issue 26's reproduction, on the int8 model's saved graph: 4 KiB overwritten at regular steps
     * (16 KiB here, the graph being smaller than the fp32 one) inside its weights, its size and time
     * put back. It used to open as it was and answer wrong vectors (NaN for the fp32 model); its digest
     * no longer matches, so it is rebuilt from the source and answers as the source does.
     */
    @Test
    void aSavedGraphOverwrittenInPlaceFailsItsDigestAndIsRebuilt() throws Exception {
        Path source = copy(TestModels.INT8, "model.onnx");
        float[] reference;
        try (LoadedSession plain = host.open("plain", source, settings.withGraphCache(false))) {
            reference = textAnswer(plain);
        }
        try (LoadedSession ignored = host.open("first", source, settings)) {
            assertEquals(1, cached(source).size());
        }
        Path saved = cached(source).get(0);
        assertTrue(Files.isRegularFile(OptimizedGraphs.digestFile(saved)), "the graph is saved with its digest");
        byte[] intact = Files.readAllBytes(saved);
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(saved);
        // inside the largest weight tensor, so the graph still parses and opens: only the digest can tell
        com.google.protobuf.ByteString weights =
                ai.onnx.proto.OnnxMl.ModelProto.parseFrom(intact).getGraph().getInitializerList().stream()
                        .map(ai.onnx.proto.OnnxMl.TensorProto::getRawData)
                        .max(java.util.Comparator.comparingInt(com.google.protobuf.ByteString::size))
                        .orElseThrow();
        int start = indexOf(intact, weights.substring(0, 64).toByteArray());
        assertTrue(start > 0 && weights.size() > 64 << 10, "a weight tensor stored in the graph");
        byte[] damaged = intact.clone();
        java.util.Random random = new java.util.Random(26);
        for (int at = start; at + 4096 <= start + weights.size(); at += 16 << 10) {
            byte[] noise = new byte[4096];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, damaged, at, noise.length);
        }
        Files.write(saved, damaged);
        Files.setLastModifiedTime(saved, time);

        int hits = host.graphCacheHits();
        try (LoadedSession again = host.open("again", source, settings)) {
            assertEquals(hits, host.graphCacheHits(), "the damaged graph is not used");
            assertArrayEquals(reference, textAnswer(again), 0f);
        }
        assertEquals(1, cached(source).size());
        assertArrayEquals(intact, Files.readAllBytes(cached(source).get(0)), "rebuilt as it was");
        try (LoadedSession fromCache = host.open("rebuilt", source, settings)) {
            assertEquals(hits + 1, host.graphCacheHits(), "and the rebuilt graph is used from then on");
            assertArrayEquals(reference, textAnswer(fromCache), 0f);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A graph with no digest (an older version's, or one whose writer died before the digest) is rebuilt. */
    @Test
    void aSavedGraphWithoutItsDigestIsRebuilt() throws Exception {
        Path source = copy(TestModels.INT8, "model.onnx");
        try (LoadedSession ignored = host.open("first", source, settings)) {
            assertEquals(1, cached(source).size());
        }
        Files.delete(OptimizedGraphs.digestFile(cached(source).get(0)));
        int hits = host.graphCacheHits();
        try (LoadedSession ignored = host.open("again", source, settings)) {
            assertEquals(hits, host.graphCacheHits());
        }
        assertTrue(Files.isRegularFile(OptimizedGraphs.digestFile(cached(source).get(0))));
    }

    /** A copied graph (new inode and change time, same bytes) is hashed once, matches, and is used. */
    @Test
    void aCopiedSavedGraphIsHashedOnceAndUsed() throws Exception {
        Path source = copy(TestModels.INT8, "model.onnx");
        try (LoadedSession ignored = host.open("first", source, settings)) {
            assertEquals(1, cached(source).size());
        }
        Path saved = cached(source).get(0);
        Path digest = OptimizedGraphs.digestFile(saved);
        String stamp = Files.readString(digest);
        Path copy = dir.resolve("copy");
        Files.copy(saved, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(copy, saved, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(null, DigestStamps.trusted(saved, digest), "another inode is not trusted unread");
        int hits = host.graphCacheHits();
        try (LoadedSession ignored = host.open("copied", source, settings)) {
            assertEquals(hits + 1, host.graphCacheHits(), "the same bytes are used");
        }
        assertTrue(!stamp.equals(Files.readString(digest)), "the digest is bound to the new inode");
        assertEquals(DigestStamps.recorded(digest), DigestStamps.trusted(saved, digest));
    }

    /** kill -9 while a graph was saved used to leave its partial file forever. */
    @Test
    void partialFilesOfGoneProcessesAreRemovedAtStart() throws Exception {
        Path source = copy(TestModels.INT8, "model.onnx");
        String graph = source.getFileName() + ".0123456789abcdef.0123456789abcdef.opt.onnx";
        long gone =
                ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
        Path dead = dir.resolve(graph + "." + gone + ".partial");
        Path ours = dir.resolve(graph + "." + ProcessHandle.current().pid() + ".partial");
        Path digest = dir.resolve(graph + ".digest." + gone + ".partial");
        Path live = dir.resolve(
                graph + "." + ProcessHandle.current().parent().orElseThrow().pid() + ".partial");
        for (Path p : List.of(dead, ours, digest, live)) {
            Files.write(p, new byte[] {1});
        }
        try (LoadedSession ignored = host.open("first", source, settings)) {
            assertTrue(
                    Files.notExists(dead) && Files.notExists(ours) && Files.notExists(digest),
                    "a partial file of a gone process, or of this one before it writes, is removed");
            assertTrue(Files.exists(live), "one of a live process (writing now) is left to it");
        }
        Files.setLastModifiedTime(
                live,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
        try (LoadedSession ignored = host.open("second", source, settings)) {
            assertTrue(Files.notExists(live), "an hour old, it is abandoned whoever the pid is now");
        }
    }

    @Test
    void aChangedSourceMissesTheCacheAndReplacesTheOldGraph() throws Exception {
        Path source = copy(TestModels.INT8, "model.onnx");
        try (LoadedSession ignored = host.open("first", source, settings)) {
            assertEquals(1, cached(source).size());
        }
        Path old = cached(source).get(0);
        // the same source optimised on another kind of CPU (a volume shared by several nodes) stays
        String name = old.getFileName().toString();
        String[] parts = name.substring(0, name.length() - ".opt.onnx".length()).split("\\.");
        Path otherCpu = old.resolveSibling(name.replace(parts[parts.length - 1], "0123456789abcdef"));
        Files.copy(old, otherCpu);
        try (LoadedSession ignored = host.open("same", source, settings)) {
            assertEquals(2, cached(source).size(), "a graph for another CPU is kept");
        }
        Files.delete(otherCpu);
        Files.setLastModifiedTime(
                source,
                java.nio.file.attribute.FileTime.fromMillis(
                        Files.getLastModifiedTime(source).toMillis() + 60_000));
        int hits = host.graphCacheHits();
        try (LoadedSession ignored = host.open("changed", source, settings)) {
            assertEquals(hits, host.graphCacheHits(), "a new source is optimised again");
        }
        assertEquals(1, cached(source).size());
        assertTrue(!cached(source).get(0).equals(old), "the stale graph is removed");
    }
}
