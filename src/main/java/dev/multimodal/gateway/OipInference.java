package dev.multimodal.gateway;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.runtime.InputException;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One OIP v2 {@code infer} call on one graph: protocol tensors in, {@code session.run}, protocol tensors out. */
final class OipInference {

    private final OrtSession session;

    OipInference(OrtSession session) {
        this.session = session;
    }

    static String datatype(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> "FP32";
            case DOUBLE -> "FP64";
            case INT64 -> "INT64";
            case INT32 -> "INT32";
            case INT16 -> "INT16";
            case INT8 -> "INT8";
            case UINT8 -> "UINT8";
            case BOOL -> "BOOL";
            case FLOAT16 -> "FP16";
            case STRING -> "BYTES";
            default -> type.name();
        };
    }

    Map<String, Object> run(String modelName, String version, OipV2Resource.InferRequest request) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, NodeInfo> graphInputs = session.getInputInfo();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (int i = 0; i < request.inputs().size(); i++) {
                OipV2Resource.Tensor t = request.inputs().get(i);
                String field = "inputs[" + i + "]";
                if (t == null || t.name() == null || !graphInputs.containsKey(t.name())) {
                    throw InputException.badRequest(field + ".name", field + ".name must be one of "
                            + graphInputs.keySet());
                }
                TensorInfo info = (TensorInfo) graphInputs.get(t.name()).getInfo();
                inputs.put(t.name(), tensor(env, t, info, field));
            }
            for (String name : graphInputs.keySet()) {
                if (!inputs.containsKey(name)) {
                    throw InputException.badRequest("inputs", "input '" + name + "' is missing; the model takes "
                            + graphInputs.keySet());
                }
            }
            Set<String> wanted = new LinkedHashSet<>();
            if (request.outputs() != null) {
                for (int i = 0; i < request.outputs().size(); i++) {
                    Object name = request.outputs().get(i).get("name");
                    if (!(name instanceof String s) || !session.getOutputNames().contains(s)) {
                        throw InputException.badRequest("outputs[" + i + "].name", "outputs[" + i
                                + "].name must be one of " + session.getOutputNames());
                    }
                    wanted.add(s);
                }
            } else {
                wanted.addAll(session.getOutputNames());
            }
            try (OrtSession.Result result = session.run(inputs, wanted)) {
                List<Map<String, Object>> outputs = new ArrayList<>();
                for (Map.Entry<String, OnnxValue> entry : result) {
                    outputs.add(output(entry.getKey(), (OnnxTensor) entry.getValue()));
                }
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("model_name", modelName);
                response.put("model_version", version);
                if (request.id() != null) {
                    response.put("id", request.id());
                }
                response.put("outputs", outputs);
                return response;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, OipV2Resource.Tensor t, TensorInfo info, String field)
            throws OrtException {
        String expected = datatype(info.type);
        if (t.datatype() == null || !t.datatype().equals(expected)) {
            throw InputException.badRequest(field + ".datatype", field + ".datatype must be " + expected
                    + " for input '" + t.name() + "'");
        }
        if (t.shape() == null || t.data() == null) {
            throw InputException.badRequest(field, field + " needs shape and data");
        }
        long[] graphShape = info.getShape();
        if (t.shape().length != graphShape.length) {
            throw InputException.badRequest(field + ".shape", field + ".shape has " + t.shape().length
                    + " dimensions; input '" + t.name() + "' has " + graphShape.length);
        }
        long count = 1;
        for (int d = 0; d < graphShape.length; d++) {
            if (t.shape()[d] < 1 || graphShape[d] > 0 && graphShape[d] != t.shape()[d]) {
                throw InputException.badRequest(field + ".shape", field + ".shape[" + d + "] is " + t.shape()[d]
                        + "; input '" + t.name() + "' wants " + (graphShape[d] > 0 ? graphShape[d] : "at least 1"));
            }
            count *= t.shape()[d];
        }
        if (count != t.data().size() || count > 64L * 1024 * 1024) {
            throw InputException.badRequest(field + ".data", field + ".data has " + t.data().size()
                    + " values; shape " + java.util.Arrays.toString(t.shape()) + " needs " + count);
        }
        int n = (int) count;
        try {
            return switch (info.type) {
                case FLOAT -> {
                    FloatBuffer b = direct(n * 4).asFloatBuffer();
                    t.data().forEach(v -> b.put(((Number) v).floatValue()));
                    yield OnnxTensor.createTensor(env, b.flip(), t.shape());
                }
                case DOUBLE -> {
                    DoubleBuffer b = direct(n * 8).asDoubleBuffer();
                    t.data().forEach(v -> b.put(((Number) v).doubleValue()));
                    yield OnnxTensor.createTensor(env, b.flip(), t.shape());
                }
                case INT64 -> {
                    LongBuffer b = direct(n * 8).asLongBuffer();
                    t.data().forEach(v -> b.put(integral(v)));
                    yield OnnxTensor.createTensor(env, b.flip(), t.shape());
                }
                case INT32 -> {
                    IntBuffer b = direct(n * 4).asIntBuffer();
                    t.data().forEach(v -> b.put(Math.toIntExact(integral(v))));
                    yield OnnxTensor.createTensor(env, b.flip(), t.shape());
                }
                default -> throw InputException.badRequest(field + ".datatype", "datatype " + expected
                        + " is not served by this endpoint");
            };
        } catch (ClassCastException | ArithmeticException | NullPointerException e) {
            throw InputException.badRequest(field + ".data", field + ".data holds a value that is not a "
                    + expected + " number");
        }
    }

    private static long integral(Object v) {
        Number n = (Number) v;
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new ClassCastException("not an integer");
        }
        return n.longValue();
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(java.nio.ByteOrder.nativeOrder());
    }

    private static Map<String, Object> output(String name, OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        List<Object> data = new ArrayList<>();
        switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = tensor.getFloatBuffer();
                while (b.hasRemaining()) {
                    data.add(b.get());
                }
            }
            case DOUBLE -> {
                DoubleBuffer b = tensor.getDoubleBuffer();
                while (b.hasRemaining()) {
                    data.add(b.get());
                }
            }
            case INT64 -> {
                LongBuffer b = tensor.getLongBuffer();
                while (b.hasRemaining()) {
                    data.add(b.get());
                }
            }
            case INT32 -> {
                IntBuffer b = tensor.getIntBuffer();
                while (b.hasRemaining()) {
                    data.add(b.get());
                }
            }
            default -> throw new IllegalStateException("output datatype " + info.type + " is not served");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("datatype", datatype(info.type));
        out.put("shape", info.getShape());
        out.put("data", data);
        return out;
    }
}
