package dev.multimodal.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.DynamicBatcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** OIP v2 on a graph of the test's own: a + b over two inputs whose lengths the graph does not tie together. */
class OipInferenceTest {

    private static OrtSession addGraph() throws Exception {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("add")
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Add")
                        .addInput("a")
                        .addInput("b")
                        .addOutput("sum"))
                .addInput(value("a", "n"))
                .addInput(value("b", "m"))
                .addOutput(value("sum", "k"))
                .build();
        byte[] model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(graph)
                .build()
                .toByteArray();
        return OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions());
    }

    private static OnnxMl.ValueInfoProto value(String name, String dim) {
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                                .setShape(OnnxMl.TensorShapeProto.newBuilder()
                                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                                .setDimParam(dim)))))
                .build();
    }

    private static OipRequest request(String a, String b) {
        String body =
                "{\"inputs\": [{\"name\": \"a\", \"shape\": [" + a.split(",").length + "], \"datatype\": \"FP32\", "
                        + "\"data\": [" + a + "]}, {\"name\": \"b\", \"shape\": [" + b.split(",").length + "], "
                        + "\"datatype\": \"FP32\", \"data\": [" + b + "]}]}";
        return OipRequestReader.read(body.getBytes(StandardCharsets.UTF_8), 1000);
    }

    private static List<OipInference.Output> call(OipInference inference) {
        try {
            return inference.run(request("1,2", "10,20"));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final DynamicBatcher<Object, Object> BATCHER = batcher(1 << 20);

    /** A graph's batcher whose own batches never run here: OIP requests run on it alone. */
    private static DynamicBatcher<Object, Object> batcher(long maxBytesInFlight) {
        return new DynamicBatcher<>(
                "add",
                BatcherSettings.countOnly()
                        .withMaxBatch(8)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(16)
                        .withWorkers(1)
                        .withMaxBytesInFlight(maxBytesInFlight)
                        .withQueueDeadlineMillis(5000)
                        .withDrainMillis(1000),
                () -> (items, run) -> items,
                new SimpleMeterRegistry());
    }

    private static OipInference inference(OrtSession session, long maxOutputBytes) {
        return new OipInference(session, OipGraphRules.none(), BATCHER, maxOutputBytes);
    }

    @Test
    void aGraphRunsAndAnswersItsOutput() throws Exception {
        try (OrtSession session = addGraph()) {
            List<OipInference.Output> out = inference(session, 1024).run(request("1,2", "10,20"));
            assertArrayEquals(new float[] {11, 22}, (float[]) out.get(0).data());
            assertArrayEquals(new long[] {2}, out.get(0).shape());
        }
    }

    @Test
    void whatOnnxRuntimeRaisesForTheInputsIsARefusalWithItsMessage() throws Exception {
        try (OrtSession session = addGraph()) {
            InputException e = assertThrows(
                    InputException.class, () -> inference(session, 1024).run(request("1,2", "1,2,3")));
            assertEquals(422, FailureStatuses.status(e));
            assertEquals("inputs", e.field());
            assertTrue(e.getMessage().contains("the model refused the inputs"), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("broadcast"), e.getMessage());
        }
    }

    @Test
    void anOutputPastTheLimitIs413EvenWhenItsSizeIsKnownOnlyAfterTheRun() throws Exception {
        try (OrtSession session = addGraph()) {
            InputException e = assertThrows(
                    InputException.class, () -> inference(session, 8).run(request("1,2,3", "1,2,3")));
            assertEquals(413, FailureStatuses.status(e));
            assertTrue(e.getMessage().contains("mmf.oip.max-output-bytes"), e.getMessage());
        }
    }

    @Test
    void aRequestQueuesOnTheGraphsBatcherAndIsRefusedWhenItsBytesDoNotFit() throws Exception {
        try (OrtSession session = addGraph()) {
            // room for 30 bytes in flight; a request of two FP32 inputs of 2 values is 16 (the output's
            // length is known only after the run)
            DynamicBatcher<Object, Object> tight = batcher(30);
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            try {
                CompletableFuture<String> busy = tight.submitAlone(20, run -> {
                    running.countDown();
                    release.await();
                    return "busy";
                });
                running.await();
                OipInference inference = new OipInference(session, OipGraphRules.none(), tight, 1024);
                OverloadedException e = assertTimeoutPreemptively(
                        java.time.Duration.ofSeconds(10),
                        () -> assertThrows(OverloadedException.class, () -> call(inference)),
                        "refused at once, not queued");
                assertTrue(e.getMessage().contains("mmf.batch.max-bytes-in-flight"), e.getMessage());
                assertTrue(e.getMessage().contains("needs 16"), e.getMessage());
                release.countDown();
                assertEquals("busy", busy.get());
                assertArrayEquals(
                        new float[] {11, 22},
                        (float[]) inference.run(request("1,2", "10,20")).get(0).data(),
                        "the same request runs once the bytes came back");
            } finally {
                release.countDown();
                tight.close();
            }
        }
    }

    @Test
    void aBatcherThatIsShuttingDownRefusesWith503() throws Exception {
        try (OrtSession session = addGraph()) {
            DynamicBatcher<Object, Object> closed = batcher(1 << 20);
            closed.close();
            OipInference inference = new OipInference(session, OipGraphRules.none(), closed, 1024);
            OverloadedException e =
                    assertThrows(OverloadedException.class, () -> inference.run(request("1,2", "10,20")));
            assertTrue(e.getMessage().contains("shutting down"), e.getMessage());
        }
    }
}
