package dev.multimodal.training;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.ONNXExportable;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.math.la.DenseVector;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * A k-means model as an ONNX graph, which Tribuo does not export: squared Euclidean distances to
 * the centroids, {@code ‖x‖² − 2·x·cᵀ + ‖c‖²}, and the nearest one (ArgMin).
 * Inputs {@code input} [batch, d]; outputs {@code distances} [batch, k] and {@code cluster} [batch] (int64).
 */
final class KMeansOnnx {

    /** ArgMin, which Tribuo's operator set lacks. */
    private enum ExtraOperators implements ONNXOperator {
        ARG_MIN;

        private static final Map<String, ONNXAttribute> ATTRIBUTES = Map.of(
                "axis", new ONNXAttribute("axis", OnnxMl.AttributeProto.AttributeType.INT, false),
                "keepdims", new ONNXAttribute("keepdims", OnnxMl.AttributeProto.AttributeType.INT, false));

        @Override
        public String getOpName() {
            return "ArgMin";
        }

        @Override
        public int getNumInputs() {
            return 1;
        }

        @Override
        public int getNumOptionalInputs() {
            return 0;
        }

        @Override
        public int getNumOutputs() {
            return 1;
        }

        @Override
        public Map<String, ONNXAttribute> getAttributes() {
            return ATTRIBUTES;
        }

        @Override
        public Set<String> getMandatoryAttributeNames() {
            return Set.of();
        }

        @Override
        public int getOpVersion() {
            return ONNXOperators.getOpsetVersion();
        }

        @Override
        public String getOpDomain() {
            return "";
        }
    }

    private KMeansOnnx() {}

    static OnnxMl.ModelProto export(KMeansModel model, String domain, long version) {
        DenseVector[] centroids = model.getCentroidVectors();
        int k = centroids.length;
        int d = centroids[0].size();
        float[] c = new float[k * d];
        float[] squaredNorms = new float[k];
        for (int i = 0; i < k; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double v = centroids[i].get(j);
                c[i * d + j] = (float) v;
                norm += v * v;
            }
            squaredNorms[i] = (float) norm;
        }
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput("input", d);
        ONNXPlaceholder distances = context.floatOutput("distances", k);
        ONNXInitializer centroidTensor = context.floatTensor("centroids", List.of(k, d), b -> b.put(c));
        ONNXInitializer centroidNorms = context.floatTensor("centroid_norms", List.of(1, k), b -> b.put(squaredNorms));
        ONNXInitializer featureAxis = context.array("feature_axis", new long[] {1});
        ONNXNode inputNorms = input.apply(ONNXOperators.MUL, input)
                .apply(ONNXOperators.REDUCE_SUM, featureAxis, Map.of("keepdims", 1));
        ONNXNode cross = context.operation(
                ONNXOperators.GEMM, List.of(input, centroidTensor), "cross", Map.of("transB", 1, "alpha", -2f));
        ONNXNode squared =
                context.operation(ONNXOperators.SUM, List.of(cross, inputNorms, centroidNorms), "squared", Map.of());
        squared.assignTo(distances);
        ONNXNode nearest = context.operation(
                ExtraOperators.ARG_MIN, List.of(squared), "nearest", Map.of("axis", 1, "keepdims", 0));
        OnnxMl.ModelProto proto = ONNXExportable.buildModel(context, domain, version, model);
        // the cluster output is int64 and one-dimensional, which the builder's float placeholders cannot say
        OnnxMl.GraphProto graph = proto.getGraph().toBuilder()
                .addOutput(OnnxMl.ValueInfoProto.newBuilder()
                        .setName(nearest.getReference())
                        .setType(OnnxMl.TypeProto.newBuilder()
                                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                        .setElemType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                                        .setShape(OnnxMl.TensorShapeProto.newBuilder()
                                                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                                        .setDimParam("batch"))))))
                .build();
        return renameOutput(proto.toBuilder().setGraph(graph).build(), nearest.getReference(), "cluster");
    }

    /** Gives the ArgMin's output the public name {@code cluster}. */
    private static OnnxMl.ModelProto renameOutput(OnnxMl.ModelProto proto, String from, String to) {
        OnnxMl.GraphProto.Builder graph = proto.getGraph().toBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            OnnxMl.NodeProto node = graph.getNode(i);
            for (int j = 0; j < node.getOutputCount(); j++) {
                if (node.getOutput(j).equals(from)) {
                    graph.setNode(i, node.toBuilder().setOutput(j, to));
                }
            }
        }
        for (int i = 0; i < graph.getOutputCount(); i++) {
            if (graph.getOutput(i).getName().equals(from)) {
                graph.setOutput(i, graph.getOutput(i).toBuilder().setName(to));
            }
        }
        return proto.toBuilder().setGraph(graph).build();
    }
}
