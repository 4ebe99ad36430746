package dev.multimodal.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.refusal.InputException;
import org.junit.jupiter.api.Test;

/** OIP tensors to ONNX Runtime's and back, as DJL's KServeTensor is tested on its own. */
class OipTensorsTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void everyServedTypeRoundTripsThroughATensor() throws Exception {
        long[] shape = {2, 2};
        Object[] values = {
            new float[] {1.5f, -2f, 0f, 3.25f},
            new double[] {1e300, -1, 0, 2},
            new long[] {1L << 40, -7, 0, 9},
            new long[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 0, 1}
        };
        OnnxJavaType[] types = {OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT64, OnnxJavaType.INT32};
        String[] names = {"FP32", "FP64", "INT64", "INT32"};
        for (int i = 0; i < types.length; i++) {
            try (OnnxTensor tensor = OipTensors.tensor(ENV, values[i], shape, types[i])) {
                assertEquals(types[i], tensor.getInfo().type);
                OipInference.Output out = OipTensors.copy("y", tensor);
                assertEquals(names[i], out.datatype());
                assertArrayEquals(shape, out.shape());
                if (types[i] == OnnxJavaType.INT32) {
                    long[] expected = (long[]) values[i];
                    int[] got = (int[]) out.data();
                    for (int k = 0; k < expected.length; k++) {
                        assertEquals(expected[k], got[k]);
                    }
                } else if (values[i] instanceof float[] f) {
                    assertArrayEquals(f, (float[]) out.data());
                } else if (values[i] instanceof double[] d) {
                    assertArrayEquals(d, (double[]) out.data());
                } else {
                    assertArrayEquals((long[]) values[i], (long[]) out.data());
                }
            }
        }
    }

    @Test
    void valuesOutsideTheInputTypeAreRefusedNamingTheElement() throws Exception {
        TensorInfo int32 = info(OnnxJavaType.INT32);
        InputException e = assertThrows(
                InputException.class,
                () -> OipTensors.values(
                        new OipRequest.Input("x", "INT32", new long[] {2}, new long[] {1, 1L << 33}, null),
                        int32,
                        "inputs[0]"));
        assertEquals("inputs[0].data", e.field());
        assertThrows(
                InputException.class,
                () -> OipTensors.values(
                        new OipRequest.Input("x", "INT64", new long[] {1}, null, new double[] {0.5}),
                        info(OnnxJavaType.INT64),
                        "inputs[0]"));
        assertThrows(
                InputException.class,
                () -> OipTensors.values(
                        new OipRequest.Input("x", "FP32", new long[] {1}, null, new double[] {1e39}),
                        info(OnnxJavaType.FLOAT),
                        "inputs[0]"));
        float[] ok = (float[]) OipTensors.values(
                new OipRequest.Input("x", "FP32", new long[] {2}, new long[] {3, -4}, null),
                info(OnnxJavaType.FLOAT),
                "f");
        assertArrayEquals(new float[] {3f, -4f}, ok);
    }

    private static TensorInfo info(OnnxJavaType type) throws Exception {
        try (OnnxTensor probe = OnnxTensor.createTensor(
                ENV,
                switch (type) {
                    case FLOAT -> new float[] {0f};
                    case DOUBLE -> new double[] {0};
                    case INT32 -> new int[] {0};
                    default -> new long[] {0};
                })) {
            return probe.getInfo();
        }
    }
}
