package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastFloatJsonTest {

    @Test
    void vectorsWrittenWithTheFastWriterReadBackAsTheSameFloats() throws Exception {
        ObjectMapper fast = new ObjectMapper();
        new FastFloatJson().customize(fast);
        assertTrue(fast.getFactory().isEnabled(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER));
        Random random = new Random(42);
        float[] values = new float[200_000];
        for (int i = 0; i < values.length; i++) {
            // unit-vector components, and any bit pattern that is a finite float
            float any = Float.intBitsToFloat(random.nextInt());
            values[i] = i % 2 == 0 ? (float) random.nextGaussian() / 20 : Float.isFinite(any) ? any : 0.5f;
        }
        float[] edges = {
            0f,
            -0f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MIN_NORMAL,
            Float.MAX_VALUE,
            1f,
            -1f,
            1.0E-7f,
            0.1f,
            0.3f,
            2.0E-3f,
            16777216f,
            1.17549435E-38f
        };
        float[] read = new ObjectMapper().readValue(fast.writeValueAsBytes(values), float[].class);
        float[] readEdges = new ObjectMapper().readValue(fast.writeValueAsBytes(edges), float[].class);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToIntBits(values[i]), Float.floatToIntBits(read[i]), "value " + values[i]);
        }
        for (int i = 0; i < edges.length; i++) {
            assertEquals(Float.floatToIntBits(edges[i]), Float.floatToIntBits(readEdges[i]), "edge " + edges[i]);
        }
    }
}
