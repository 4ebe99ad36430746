package dev.multimodal.gateway;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.DirectBuffers;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * OIP v2 tensors and ONNX Runtime's, both ways: the protocol's datatype names, a request's values
 * checked into the input's type, those values as a tensor over a direct buffer, and a finished
 * run's tensor copied out. The protocol checks around them live in {@link OipInference}.
 */
final class OipTensors {

    private OipTensors() {}

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

    /** The request's values as the input's type: integers must be whole and in range, reals finite in range. */
    static Object values(OipRequest.Input input, TensorInfo info, String field) {
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
            default ->
                throw InputException.badRequest(
                        field + ".datatype", "datatype " + datatype(info.type) + " is not served by this endpoint");
        }
    }

    private static InputException outOfRange(String field, int i, double value, String datatype) {
        return InputException.badRequest(
                field + ".data", field + ".data[" + i + "] is " + value + ", which is not a " + datatype + " value");
    }

    static OnnxTensor tensor(OrtEnvironment env, Object values, long[] shape, OnnxJavaType type) throws OrtException {
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
        return OnnxTensor.createTensor(
                env, direct(l.length * 8L).asLongBuffer().put(l).flip(), shape);
    }

    private static ByteBuffer direct(long bytes) {
        return DirectBuffers.bytes(Math.toIntExact(bytes));
    }

    static int elementBytes(OnnxJavaType type) {
        return switch (type) {
            case DOUBLE, INT64 -> 8;
            case FLOAT, INT32 -> 4;
            case FLOAT16, BFLOAT16, INT16 -> 2;
            default -> 1;
        };
    }

    static OipInference.Output copy(String name, OnnxTensor tensor) {
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
        return new OipInference.Output(name, datatype(info.type), info.getShape(), data);
    }
}
