package dev.multimodal.gateway;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.refusal.Echo;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.refusal.InputException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * One graph served over OIP v2: a parsed request is checked against the graph's declared inputs
 * (names, datatypes, ranks, fixed dimensions, value counts) and its manifest's rules, the output
 * size is bounded before the run wherever the graph's named dimensions allow and after it
 * otherwise, and the run goes through the graph's own {@link DynamicBatcher}: it queues behind the
 * graph's batches, its tensor bytes count against the graph's budget
 * ({@code mmf.batch.max-bytes-in-flight}), a full queue or a wait past the deadline is a 503, and
 * at shutdown it drains with them and is terminated like them.
 */
final class OipInference {

    /** A tensor copied out of a finished run: data is a float[], double[], long[] or int[]. */
    record Output(String name, String datatype, long[] shape, Object data) {
    }

    private final OrtSession session;
    private final OipGraphRules rules;
    private final DynamicBatcher<?, ?> batcher;
    private final long maxOutputBytes;

    OipInference(OrtSession session, OipGraphRules rules, DynamicBatcher<?, ?> batcher, long maxOutputBytes) {
        this.session = session;
        this.rules = rules;
        this.batcher = batcher;
        this.maxOutputBytes = maxOutputBytes;
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

    List<Output> run(OipRequest request) throws Exception {
        Map<String, NodeInfo> graphInputs = session.getInputInfo();
        Map<String, Object> buffers = new LinkedHashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, Long> dimensions = new HashMap<>();
        for (int i = 0; i < request.inputs().size(); i++) {
            OipRequest.Input input = request.inputs().get(i);
            String field = "inputs[" + i + "]";
            NodeInfo node = graphInputs.get(input.name());
            if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
                throw InputException.badRequest(field + ".name", field + ".name is " + Echo.quoted(input.name())
                        + "; it must be one of " + graphInputs.keySet());
            }
            checkShape(input, info, field);
            Object values = values(input, info, field);
            rules.check(input, values instanceof long[] longs ? longs : null, field);
            buffers.put(input.name(), values);
            shapes.put(input.name(), input.shape());
            bind(info, input.shape(), dimensions, field);
        }
        for (String name : graphInputs.keySet()) {
            if (!buffers.containsKey(name)) {
                throw InputException.badRequest("inputs", "input '" + name + "' is missing; the model takes "
                        + graphInputs.keySet());
            }
        }
        Set<String> wanted = wanted(request.outputs());
        long outputBytes = boundOutputsBeforeRun(wanted, dimensions);
        long cost = outputBytes;
        for (OipRequest.Input input : request.inputs()) {
            TensorInfo info = (TensorInfo) graphInputs.get(input.name()).getInfo();
            cost += input.elements() * elementBytes(info.type);
        }
        try {
            return batcher.submitAlone(cost, options -> runSession(buffers, shapes, wanted, options)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void checkShape(OipRequest.Input input, TensorInfo info, String field) {
        String expected = datatype(info.type);
        if (!input.datatype().equals(expected)) {
            throw InputException.badRequest(field + ".datatype", field + ".datatype is "
                    + Echo.bounded(input.datatype())
                    + "; input " + Echo.quoted(input.name()) + " takes " + expected);
        }
        long[] graphShape = info.getShape();
        if (input.shape().length != graphShape.length) {
            throw InputException.badRequest(field + ".shape", field + ".shape has " + input.shape().length
                    + " dimensions; input " + Echo.quoted(input.name()) + " has " + graphShape.length);
        }
        for (int d = 0; d < graphShape.length; d++) {
            if (graphShape[d] > 0 && graphShape[d] != input.shape()[d]) {
                throw InputException.badRequest(field + ".shape", field + ".shape[" + d + "] is " + input.shape()[d]
                        + "; input " + Echo.quoted(input.name()) + " wants " + graphShape[d]);
            }
        }
        if (input.size() != input.elements()) {
            throw InputException.badRequest(field + ".data", field + ".data has " + input.size()
                    + " values; shape " + Arrays.toString(input.shape()) + " needs " + input.elements());
        }
    }

    /** The same named dimension (batch_size, sequence_length...) must have one size across inputs. */
    private static void bind(TensorInfo info, long[] shape, Map<String, Long> dimensions, String field) {
        String[] names = info.getDimensionNames();
        for (int d = 0; d < names.length && d < shape.length; d++) {
            if (names[d] == null || names[d].isEmpty()) {
                continue;
            }
            Long earlier = dimensions.putIfAbsent(names[d], shape[d]);
            if (earlier != null && earlier != shape[d]) {
                throw InputException.badRequest(field + ".shape", field + ".shape[" + d + "] is " + shape[d]
                        + " but another input gave dimension '" + names[d] + "' as " + earlier);
            }
        }
    }

    private Set<String> wanted(List<String> asked) throws Exception {
        Set<String> outputs = session.getOutputNames();
        if (asked.isEmpty()) {
            return new LinkedHashSet<>(outputs);
        }
        for (int i = 0; i < asked.size(); i++) {
            if (!outputs.contains(asked.get(i))) {
                throw InputException.badRequest("outputs[" + i + "].name", "outputs[" + i + "].name is "
                        + Echo.quoted(asked.get(i)) + "; it must be one of " + outputs);
            }
        }
        return new LinkedHashSet<>(asked);
    }

    /**
     * Where every dimension of an output is fixed or named by an input, its size is known before the run.
     *
     * @return the outputs' bytes as far as they are known before the run
     */
    private long boundOutputsBeforeRun(Set<String> wanted, Map<String, Long> dimensions) throws OrtException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        double bytes = 0;
        for (String name : wanted) {
            if (!(outputs.get(name).getInfo() instanceof TensorInfo info)) {
                continue;
            }
            long[] shape = info.getShape();
            String[] names = info.getDimensionNames();
            double elements = 1;
            for (int d = 0; d < shape.length; d++) {
                Long bound = d < names.length && names[d] != null ? dimensions.get(names[d]) : null;
                if (shape[d] > 0) {
                    elements *= shape[d];
                } else if (bound != null) {
                    elements *= bound;
                } else {
                    elements = 0; // unknown until the run: bounded after it
                    break;
                }
            }
            bytes += elements * elementBytes(info.type);
        }
        if (bytes > maxOutputBytes) {
            throw tooLarge((long) Math.min(bytes, Long.MAX_VALUE));
        }
        return (long) bytes;
    }

    private InputException tooLarge(long bytes) {
        return InputException.tooLarge("inputs", "the outputs would take " + bytes + " bytes; the limit is "
                + maxOutputBytes + " (mmf.oip.max-output-bytes): send fewer or smaller inputs");
    }

    private List<Output> runSession(Map<String, Object> buffers, Map<String, long[]> shapes, Set<String> wanted,
                                    OrtSession.RunOptions options) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (Map.Entry<String, Object> entry : buffers.entrySet()) {
                OnnxJavaType type = ((TensorInfo) session.getInputInfo().get(entry.getKey()).getInfo()).type;
                inputs.put(entry.getKey(), tensor(env, entry.getValue(), shapes.get(entry.getKey()), type));
            }
            OrtSession.Result result;
            try {
                result = session.run(inputs, wanted, options);
            } catch (OrtException e) {
                // what ONNX Runtime raised for an input is the caller's tensors, not our fault
                throw InputException.unprocessable("inputs", "the model refused the inputs: " + e.getMessage());
            }
            try (result) {
                long bytes = 0;
                for (Map.Entry<String, OnnxValue> entry : result) {
                    if (entry.getValue() instanceof OnnxTensor tensor) {
                        bytes += tensor.getInfo().getNumElements() * elementBytes(tensor.getInfo().type);
                    }
                }
                if (bytes > maxOutputBytes) {
                    throw tooLarge(bytes);
                }
                List<Output> outputs = new ArrayList<>();
                for (Map.Entry<String, OnnxValue> entry : result) {
                    outputs.add(copy(entry.getKey(), (OnnxTensor) entry.getValue()));
                }
                return outputs;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The request's values as the input's type: integers must be whole and in range, reals finite in range. */
    private static Object values(OipRequest.Input input, TensorInfo info, String field) {
        int n = input.size();
        long[] integers = input.integers();
        double[] reals = input.reals();
        switch (info.type) {
            case FLOAT -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    double v = integers != null ? integers[i] : reals[i];
                    if (Math.abs(v) > Float.MAX_VALUE) {
                        throw outOfRange(field, i, v, "FP32");
                    }
                    out[i] = (float) v;
                }
                return out;
            }
            case DOUBLE -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = integers != null ? integers[i] : reals[i];
                }
                return out;
            }
            case INT64, INT32 -> {
                long min = info.type == OnnxJavaType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
                long max = info.type == OnnxJavaType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    if (integers != null) {
                        out[i] = integers[i];
                    } else {
                        double v = reals[i];
                        // 2^63 is the first double past the long range
                        if (v != Math.rint(v) || v < -9.223372036854775808E18 || v >= 9.223372036854775808E18) {
                            throw outOfRange(field, i, v, datatype(info.type));
                        }
                        out[i] = (long) v;
                    }
                    if (out[i] < min || out[i] > max) {
                        throw outOfRange(field, i, out[i], datatype(info.type));
                    }
                }
                return out;
            }
            default -> throw InputException.badRequest(field + ".datatype", "datatype " + datatype(info.type)
                    + " is not served by this endpoint");
        }
    }

    private static InputException outOfRange(String field, int i, double value, String datatype) {
        return InputException.badRequest(field + ".data", field + ".data[" + i + "] is " + value
                + ", which is not a " + datatype + " value");
    }

    private static OnnxTensor tensor(OrtEnvironment env, Object values, long[] shape, OnnxJavaType type)
            throws OrtException {
        if (values instanceof float[] f) {
            FloatBuffer b = direct(f.length * 4L).asFloatBuffer().put(f);
            return OnnxTensor.createTensor(env, b.flip(), shape);
        }
        if (values instanceof double[] d) {
            DoubleBuffer b = direct(d.length * 8L).asDoubleBuffer().put(d);
            return OnnxTensor.createTensor(env, b.flip(), shape);
        }
        long[] l = (long[]) values;
        if (type == OnnxJavaType.INT32) {
            IntBuffer b = direct(l.length * 4L).asIntBuffer();
            for (long v : l) {
                b.put((int) v); // in range: checked when the values were read
            }
            return OnnxTensor.createTensor(env, b.flip(), shape);
        }
        return OnnxTensor.createTensor(env, direct(l.length * 8L).asLongBuffer().put(l).flip(), shape);
    }

    private static ByteBuffer direct(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    private static int elementBytes(OnnxJavaType type) {
        return switch (type) {
            case DOUBLE, INT64 -> 8;
            case FLOAT, INT32 -> 4;
            case FLOAT16, BFLOAT16, INT16 -> 2;
            default -> 1;
        };
    }

    private static Output copy(String name, OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        Object data = switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = tensor.getFloatBuffer();
                float[] out = new float[b.remaining()];
                b.get(out);
                yield out;
            }
            case DOUBLE -> {
                DoubleBuffer b = tensor.getDoubleBuffer();
                double[] out = new double[b.remaining()];
                b.get(out);
                yield out;
            }
            case INT64 -> {
                LongBuffer b = tensor.getLongBuffer();
                long[] out = new long[b.remaining()];
                b.get(out);
                yield out;
            }
            case INT32 -> {
                IntBuffer b = tensor.getIntBuffer();
                int[] out = new int[b.remaining()];
                b.get(out);
                yield out;
            }
            default -> throw new IllegalStateException("output datatype " + info.type + " is not served");
        };
        return new Output(name, datatype(info.type), info.getShape(), data);
    }
}
