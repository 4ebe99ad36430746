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
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.settings.Keys;
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
    record Output(String name, String datatype, long[] shape, Object data) {}

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
                throw InputException.badRequest(
                        field + ".name",
                        field + ".name is " + Echo.quoted(input.name()) + "; it must be one of "
                                + graphInputs.keySet());
            }
            checkShape(input, info, field);
            Object values = OipTensors.values(input, info, field);
            rules.check(input, values instanceof long[] longs ? longs : null, field);
            buffers.put(input.name(), values);
            shapes.put(input.name(), input.shape());
            bind(info, input.shape(), dimensions, field);
        }
        for (String name : graphInputs.keySet()) {
            if (!buffers.containsKey(name)) {
                throw InputException.badRequest(
                        "inputs", "input '" + name + "' is missing; the model takes " + graphInputs.keySet());
            }
        }
        Set<String> wanted = wanted(request.outputs());
        long outputBytes = boundOutputsBeforeRun(wanted, dimensions);
        long cost = outputBytes;
        for (OipRequest.Input input : request.inputs()) {
            TensorInfo info = (TensorInfo) graphInputs.get(input.name()).getInfo();
            cost += input.elements() * OipTensors.elementBytes(info.type);
        }
        try {
            return batcher.submitAlone(cost, options -> runSession(buffers, shapes, wanted, options))
                    .get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void checkShape(OipRequest.Input input, TensorInfo info, String field) {
        String expected = OipTensors.datatype(info.type);
        if (!input.datatype().equals(expected)) {
            throw InputException.badRequest(
                    field + ".datatype",
                    field + ".datatype is "
                            + Echo.bounded(input.datatype())
                            + "; input " + Echo.quoted(input.name()) + " takes " + expected);
        }
        long[] graphShape = info.getShape();
        if (input.shape().length != graphShape.length) {
            throw InputException.badRequest(
                    field + ".shape",
                    field + ".shape has " + input.shape().length + " dimensions; input " + Echo.quoted(input.name())
                            + " has " + graphShape.length);
        }
        for (int d = 0; d < graphShape.length; d++) {
            if (graphShape[d] > 0 && graphShape[d] != input.shape()[d]) {
                throw InputException.badRequest(
                        field + ".shape",
                        field + ".shape[" + d + "] is " + input.shape()[d] + "; input " + Echo.quoted(input.name())
                                + " wants " + graphShape[d]);
            }
        }
        if (input.size() != input.elements()) {
            throw InputException.badRequest(
                    field + ".data",
                    field + ".data has " + input.size() + " values; shape " + Arrays.toString(input.shape()) + " needs "
                            + input.elements());
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
                throw InputException.badRequest(
                        field + ".shape",
                        field + ".shape[" + d + "] is " + shape[d] + " but another input gave dimension '" + names[d]
                                + "' as " + earlier);
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
                throw InputException.badRequest(
                        "outputs[" + i + "].name",
                        "outputs[" + i + "].name is " + Echo.quoted(asked.get(i)) + "; it must be one of " + outputs);
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
            bytes += elements * OipTensors.elementBytes(info.type);
        }
        if (bytes > maxOutputBytes) {
            throw tooLarge((long) Math.min(bytes, Long.MAX_VALUE));
        }
        return (long) bytes;
    }

    private InputException tooLarge(long bytes) {
        return InputException.tooLarge(
                "inputs",
                "the outputs would take " + bytes + " bytes; the limit is " + maxOutputBytes + " ("
                        + Keys.OIP_MAX_OUTPUT_BYTES + "): send fewer or smaller inputs");
    }

    private List<Output> runSession(
            Map<String, Object> buffers, Map<String, long[]> shapes, Set<String> wanted, OrtSession.RunOptions options)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (Map.Entry<String, Object> entry : buffers.entrySet()) {
                OnnxJavaType type =
                        ((TensorInfo) session.getInputInfo().get(entry.getKey()).getInfo()).type;
                inputs.put(entry.getKey(), OipTensors.tensor(env, entry.getValue(), shapes.get(entry.getKey()), type));
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
                        bytes += tensor.getInfo().getNumElements() * OipTensors.elementBytes(tensor.getInfo().type);
                    }
                }
                if (bytes > maxOutputBytes) {
                    throw tooLarge(bytes);
                }
                List<Output> outputs = new ArrayList<>();
                for (Map.Entry<String, OnnxValue> entry : result) {
                    outputs.add(OipTensors.copy(entry.getKey(), (OnnxTensor) entry.getValue()));
                }
                return outputs;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
