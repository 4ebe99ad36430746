package dev.multimodal.gateway;

import dev.multimodal.http.ErrorMapper;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.multimodal.runtime.InputException;
import dev.multimodal.runtime.OverloadedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OIP v2 on a graph of the test's own: a + b over two inputs whose lengths the graph does not tie together. */
class OipInferenceTest {

    private static OrtSession addGraph() throws Exception {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("add")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").addInput("a").addInput("b").addOutput("sum"))
                .addInput(value("a", "n")).addInput(value("b", "m")).addOutput(value("sum", "k")).build();
        byte[] model = OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(graph).build()
                .toByteArray();
        return OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions());
    }

    private static OnnxMl.ValueInfoProto value(String name, String dim) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(OnnxMl.TensorShapeProto.newBuilder().addDim(OnnxMl.TensorShapeProto.Dimension
                                .newBuilder().setDimParam(dim))))).build();
    }

    private static OipRequest request(String a, String b) {
        String body = "{\"inputs\": [{\"name\": \"a\", \"shape\": [" + a.split(",").length + "], \"datatype\": \"FP32\", "
                + "\"data\": [" + a + "]}, {\"name\": \"b\", \"shape\": [" + b.split(",").length + "], "
                + "\"datatype\": \"FP32\", \"data\": [" + b + "]}]}";
        return OipRequestReader.read(body.getBytes(StandardCharsets.UTF_8), 1000);
    }

    private static OipInference inference(OrtSession session, long maxOutputBytes) {
        return new OipInference(session, OipGraphRules.none(), new OipAdmission("add", 1, 0, Duration.ofSeconds(1)),
                maxOutputBytes);
    }

    @Test
    void aGraphRunsAndAnswersItsOutput() throws Exception {
        try (OrtSession session = addGraph()) {
            List<OipInference.Output> out = inference(session, 1024).run(request("1,2", "10,20"));
            assertArrayEquals(new float[]{11, 22}, (float[]) out.get(0).data());
            assertArrayEquals(new long[]{2}, out.get(0).shape());
        }
    }

    @Test
    void whatOnnxRuntimeRaisesForTheInputsIsARefusalWithItsMessage() throws Exception {
        try (OrtSession session = addGraph()) {
            InputException e = assertThrows(InputException.class,
                    () -> inference(session, 1024).run(request("1,2", "1,2,3")));
            assertEquals(422, ErrorMapper.status(e));
            assertEquals("inputs", e.field());
            assertTrue(e.getMessage().contains("the model refused the inputs"), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("broadcast"), e.getMessage());
        }
    }

    @Test
    void anOutputPastTheLimitIs413EvenWhenItsSizeIsKnownOnlyAfterTheRun() throws Exception {
        try (OrtSession session = addGraph()) {
            InputException e = assertThrows(InputException.class,
                    () -> inference(session, 8).run(request("1,2,3", "1,2,3")));
            assertEquals(413, ErrorMapper.status(e));
            assertTrue(e.getMessage().contains("mmf.oip.max-output-bytes"), e.getMessage());
        }
    }

    @Test
    void admissionRunsSomeQueuesFewAndRefusesTheRestAtOnce() throws Exception {
        OipAdmission admission = new OipAdmission("m", 1, 1, Duration.ofMillis(300));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> call(admission, () -> {
            running.countDown();
            release.await();
            return "first";
        }));
        running.await();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> call(admission, () -> "second"));
        while (admission.waiting() == 0) {
            Thread.onSpinWait();
        }
        OverloadedException third = assertThrows(OverloadedException.class, () -> admission.run(() -> "third"));
        assertTrue(third.getMessage().contains("mmf.oip.queue"), third.getMessage());
        // the one waiting outlives its deadline while the first still runs
        ExecutionException late = assertThrows(ExecutionException.class, second::get);
        assertInstanceOf(OverloadedException.class, late.getCause());
        assertTrue(late.getCause().getMessage().contains("mmf.oip.queue-timeout"), late.getCause().getMessage());
        release.countDown();
        assertEquals("first", first.get());
        assertEquals("after", admission.run(() -> "after"));
    }

    private static <T> T call(OipAdmission admission, java.util.concurrent.Callable<T> work) {
        try {
            return admission.run(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
