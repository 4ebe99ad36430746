package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * A run whose inputs reach {@link BatcherSettings#arenaShrinkBytes()}, with nothing queued behind it,
 * runs with the run options that have ONNX Runtime shrink the session's CPU arena after it; smaller
 * runs, runs with others waiting, and every run where the setting is 0, with the plain ones. The memory it gives back is measured in bench/hostile's 1 GiB
 * profile (docs/hostile.md), not here.
 */
class ArenaShrinkTest {

    private static final int SIDE = 256;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void onlyRunsWhoseInputsReachTheSizeShrinkTheArena() throws Exception {
        // items are their own cost in bytes; each run answers with the tag of the options it got
        BatcherSettings settings =
                BatcherSettings.countOnly().withMaxBatch(1).withWorkers(1).withArenaShrinkBytes(1000);
        try (DynamicBatcher<Long, String> batcher = new DynamicBatcher<>(
                "tags", settings, () -> (items, run) -> List.of(run.getRunTag()), item -> item, registry)) {
            assertEquals("tags", batcher.submit(999L).get(5, TimeUnit.SECONDS));
            assertEquals(
                    "tags" + WorkerRunOptions.SHRINK_TAG, batcher.submit(1000L).get(5, TimeUnit.SECONDS));
            assertEquals(
                    "tags" + WorkerRunOptions.SHRINK_TAG,
                    batcher.<String>submitAlone(50_000, run -> run.getRunTag()).get(5, TimeUnit.SECONDS));
        }
        try (DynamicBatcher<Long, String> never = new DynamicBatcher<>(
                "never",
                settings.withArenaShrinkBytes(0),
                () -> (items, run) -> List.of(run.getRunTag()),
                item -> item,
                registry)) {
            assertEquals("never", never.submit(1L << 30).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void manyLargeRunsQueuedTogetherShrinkTheArenaOnlyAfterTheLast() throws Exception {
        BatcherSettings settings =
                BatcherSettings.countOnly().withMaxBatch(1).withWorkers(1).withArenaShrinkBytes(1000);
        try (DynamicBatcher<Long, String> batcher = new DynamicBatcher<>(
                "last",
                settings,
                () -> (items, run) -> {
                    Thread.sleep(20); // the others are queued by the time the first ends
                    return List.of(run.getRunTag());
                },
                item -> item,
                registry)) {
            var results = batcher.submitAll(List.of(5000L, 5000L, 5000L));
            assertEquals("last", results.get(0).get(5, TimeUnit.SECONDS));
            assertEquals("last", results.get(1).get(5, TimeUnit.SECONDS));
            assertEquals("last" + WorkerRunOptions.SHRINK_TAG, results.get(2).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aNegativeShrinkSizeIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BatcherSettings.countOnly().withArenaShrinkBytes(-1));
        assertTrue(e.getMessage().contains("arena's shrink size"), e.getMessage());
    }

    @Test
    void aBatchIsJudgedByTheSumOfItsItems() throws Exception {
        BatcherSettings settings = BatcherSettings.countOnly()
                .withMaxBatch(4)
                .withMaxDelayMicros(200_000)
                .withWorkers(1)
                .withArenaShrinkBytes(1000);
        try (DynamicBatcher<Long, String> batcher = new DynamicBatcher<>(
                "sum",
                settings,
                () -> (items, run) -> {
                    String tag = items.size() + ":" + run.getRunTag();
                    return items.stream().map(i -> tag).toList();
                },
                item -> item,
                registry)) {
            var results = batcher.submitAll(List.of(400L, 400L, 400L));
            for (var r : results) {
                assertEquals("3:sum" + WorkerRunOptions.SHRINK_TAG, r.get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aSessionWithItsArenaRunsCorrectlyWithTheShrinkingOptions(@TempDir Path dir) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = matMulSession(env, dir, true);
                WorkerRunOptions runs = new WorkerRunOptions("matmul", 1)) {
            for (int rows : new int[] {4096, 8, 4096}) {
                float[] y = run(env, session, runs.forInput(rows), rows);
                assertEquals(SIDE, y[0], 1e-3);
                assertEquals(SIDE, y[y.length - 1], 1e-3);
            }
        }
    }

    @Test
    void whereTheArenaIsOffTheShrinkingOptionsFailTheRunSoThePlanNeverAsksForThem(@TempDir Path dir) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = matMulSession(env, dir, false);
                WorkerRunOptions runs = new WorkerRunOptions("matmul", 1)) {
            assertTrue(run(env, session, runs.forInput(0), 8).length > 0);
            assertThrows(OrtException.class, () -> run(env, session, runs.forInput(8), 8));
        }
    }

    private static OrtSession matMulSession(OrtEnvironment env, Path dir, boolean arena) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setCPUArenaAllocator(arena);
            return env.createSession(matMul(dir.resolve("matmul.onnx")), options);
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, OrtSession.RunOptions run, int rows)
            throws OrtException {
        float[] x = new float[rows * SIDE];
        float[] w = new float[SIDE * SIDE];
        java.util.Arrays.fill(x, 1f);
        java.util.Arrays.fill(w, 0.5f);
        try (OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {rows, SIDE});
                OnnxTensor wt = OnnxTensor.createTensor(env, FloatBuffer.wrap(w), new long[] {SIDE, SIDE});
                OrtSession.Result result = session.run(Map.of("x", xt, "w", wt), run)) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] y = new float[out.remaining()];
            out.get(y);
            return y;
        }
    }

    /** y = 2 relu(x · w): three nodes, so the intermediates come from the arena. */
    private static String matMul(Path file) throws java.io.IOException {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("matmul");
        graph.addInput(tensor("x")).addInput(tensor("w"));
        graph.addNode(node("MatMul", "x", "w", "h"));
        graph.addNode(
                OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("h").addOutput("r"));
        graph.addNode(node("Add", "r", "r", "y"));
        graph.addOutput(tensor("y"));
        Files.write(
                file,
                OnnxMl.ModelProto.newBuilder()
                        .setIrVersion(8)
                        .addOpsetImport(ONNXOperators.getOpsetProto())
                        .setGraph(graph)
                        .build()
                        .toByteArray());
        return file.toString();
    }

    private static OnnxMl.NodeProto.Builder node(String op, String a, String b, String out) {
        return OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .addInput(a)
                .addInput(b)
                .addOutput(out);
    }

    private static OnnxMl.ValueInfoProto tensor(String name) {
        return SlowModel.floatTensor(
                name,
                OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n").build(),
                OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(SIDE).build());
    }
}
