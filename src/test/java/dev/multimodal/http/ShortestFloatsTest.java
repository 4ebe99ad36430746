package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast float writer writes exactly what Jackson's Schubfach writer does, for every value it takes. */
class ShortestFloatsTest {

    private static String written(float value) {
        char[] out = new char[ShortestFloats.MAX_CHARS];
        int end = ShortestFloats.write(value, out, 0);
        return end < 0 ? null : new String(out, 0, end);
    }

    @Test
    void everyValueTakenIsWrittenAsJacksonWritesIt() {
        Random random = new Random(20261208);
        int taken = 0;
        int vectorLike = 0;
        int vectorTaken = 0;
        for (int n = 0; n < 4_000_000; n++) {
            float value = switch (n % 4) {
                case 0 -> Float.intBitsToFloat(random.nextInt());
                case 1 -> (float) (random.nextGaussian() / Math.sqrt(384));
                case 2 ->
                    (random.nextBoolean() ? 1 : -1)
                            * Float.intBitsToFloat(0x3a800000 + random.nextInt(0x4b000000 - 0x3a800000));
                default -> (float) (random.nextInt(20_000_000) / Math.pow(10, random.nextInt(12)));
            };
            String text = written(value);
            if (n % 4 == 1) {
                vectorLike++;
            }
            if (text == null) {
                continue;
            }
            taken++;
            if (n % 4 == 1) {
                vectorTaken++;
            }
            assertEquals(FloatToDecimal.toString(value), text, "bits " + Float.floatToRawIntBits(value));
        }
        assertTrue(taken > 2_000_000, "taken: " + taken);
        assertTrue(vectorTaken > vectorLike * 0.95, "a unit vector's components are taken: " + vectorTaken);
    }

    @Test
    void edgesAreDeclinedOrWrittenAsJacksonWritesThem() {
        float[] edges = {
            0f,
            -0f,
            1f,
            -1f,
            0.5f,
            1e-3f,
            0.001f,
            9.999999e-4f,
            1.0000001e-3f,
            1e7f,
            9999999f,
            9999999.5f,
            8388607.5f,
            0.1f,
            0.3f,
            1.1f,
            123456.7f,
            Float.MIN_VALUE,
            Float.MAX_VALUE,
            Float.NaN,
            2.0E-3f,
            0.099999994f
        };
        for (float value : edges) {
            String text = written(value);
            if (text != null) {
                assertEquals(FloatToDecimal.toString(value), text, "value " + value);
            }
        }
        assertEquals("0.1", written(0.1f));
        assertEquals("-123456.7", written(-123456.7f));
        assertEquals(null, written(1f), "a power of two goes to Jackson");
    }

    @Test
    void theFloatArrayWriterWritesTheSameJsonAsJackson() throws Exception {
        ObjectMapper ours = new ObjectMapper();
        new FastFloatJson().customize(ours);
        ours.registerModule(new FiniteJsonNumbers());
        ObjectMapper jackson = new ObjectMapper();
        new FastFloatJson().customize(jackson);
        Random random = new Random(7);
        for (int v = 0; v < 200; v++) {
            float[] vector = new float[384];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = i % 50 == 0
                        ? Float.intBitsToFloat(random.nextInt() & 0x7f7fffff)
                        : (float) random.nextGaussian() / 20;
            }
            vector[0] = 0f;
            vector[1] = 1f;
            assertEquals(jackson.writeValueAsString(vector), ours.writeValueAsString(vector));
        }
    }
}
