package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatTextTest {

    private static String text(float value) {
        char[] out = new char[FloatText.MAX_CHARS];
        return new String(out, 0, FloatText.write(value, out, 0));
    }

    @Test
    void everyFiniteFloatReadsBackExactlyAndNoLongerThanTheShortestPlusOneDigit() throws Exception {
        ObjectMapper schubfach = new ObjectMapper();
        schubfach.getFactory().enable(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER);
        Random random = new Random(7);
        for (int i = 0; i < 300_000; i++) {
            float any = Float.intBitsToFloat(random.nextInt());
            float value = i % 2 == 0 ? (float) random.nextGaussian() / 20 : Float.isFinite(any) ? any : 0.25f;
            String text = text(value);
            assertEquals(Float.floatToIntBits(value), Float.floatToIntBits(Float.parseFloat(text)), text);
            assertTrue(text.length() <= schubfach.writeValueAsString(value).length() + 1, text);
        }
    }

    @Test
    void layoutIsJavasPlainFromOneThousandthToTenMillionElseScientific() {
        String[][] cases = {
            {"0.0", "0"},
            {"-0.0", "-0"},
            {"0.1", "0.1"},
            {"0.3", "0.3"},
            {"-3.0", "-3"},
            {"100.0", "100"},
            {"123.5", "123.5"},
            {"0.001", "0.001"},
            {"9.999999E-4", "9.999999E-4"},
            {"1.0E-7", "1.0E-7"},
            {"9999999.0", "9999999"},
            {"1.0E7", "1.0E7"},
            {"1.6777216E7", "16777216"},
            {"3.4028235E38", "3.4028235E38"},
            {"0.09832911", "0.09832911"},
            {"-0.025159199", "-0.025159199"}
        };
        for (String[] c : cases) {
            assertEquals(c[0], text(Float.parseFloat(c[1])), c[1]);
        }
        String tiniest = text(Float.MIN_VALUE);
        assertEquals(Float.MIN_VALUE, Float.parseFloat(tiniest), tiniest);
        String lastSubnormal = text(Float.MIN_NORMAL);
        assertEquals(Float.MIN_NORMAL, Float.parseFloat(lastSubnormal), lastSubnormal);
    }

    @Test
    void aVectorIsOneJsonArrayThatReadsBackAsTheSameFloats() throws Exception {
        ObjectMapper service = new ObjectMapper();
        new StrictJson().customize(service);
        float[] vector = new float[384];
        Random random = new Random(3);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian() / 20;
        }
        String json = service.writeValueAsString(new Holder(vector, 2));
        assertTrue(json.startsWith("{\"vector\":[") && json.endsWith("],\"index\":2}"), json);
        float[] read = new ObjectMapper().readValue(json, Holder.class).vector();
        for (int i = 0; i < vector.length; i++) {
            assertEquals(Float.floatToIntBits(vector[i]), Float.floatToIntBits(read[i]));
        }
        assertEquals("[]", service.writeValueAsString(new float[0]));
    }

    record Holder(float[] vector, int index) {}
}
