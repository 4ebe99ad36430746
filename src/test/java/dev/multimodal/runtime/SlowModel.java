package dev.multimodal.runtime;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * A graph that takes minutes on one CPU thread: {@value #LAYERS} MatMuls of x [{@value #ROWS}, {@value #SIDE}]
 * by w [{@value #SIDE}, {@value #SIDE}] in a chain. ONNX Runtime checks its terminate flag between
 * nodes, so a terminated run stops within one MatMul.
 */
final class SlowModel {

    static final int ROWS = 256;
    static final int SIDE = 512;
    static final int LAYERS = 20_000;

    private SlowModel() {}

    static String write(Path file) throws IOException {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("slow");
        graph.addInput(tensor("x", ROWS, SIDE)).addInput(tensor("w", SIDE, SIDE));
        String previous = "x";
        for (int i = 0; i < LAYERS; i++) {
            String out = i == LAYERS - 1 ? "y" : "h" + i;
            graph.addNode(OnnxMl.NodeProto.newBuilder()
                    .setOpType("MatMul")
                    .setName("m" + i)
                    .addInput(previous)
                    .addInput("w")
                    .addOutput(out));
            previous = out;
        }
        graph.addOutput(tensor("y", ROWS, SIDE));
        byte[] model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("multimodal-functions tests")
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setGraph(graph)
                .build()
                .toByteArray();
        Files.write(file, model);
        return file.toString();
    }

    private static OnnxMl.ValueInfoProto tensor(String name, int rows, int cols) {
        return floatTensor(
                name,
                OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(rows).build(),
                OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(cols).build());
    }

    /** A float tensor's input or output of a test graph, with these dimensions. */
    static OnnxMl.ValueInfoProto floatTensor(String name, OnnxMl.TensorShapeProto.Dimension... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (OnnxMl.TensorShapeProto.Dimension dim : dims) {
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }
}
