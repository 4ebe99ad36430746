package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.EncodeTextResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jackson, as the service configures it, never writes NaN or an infinity (it used to write "NaN"). */
class FiniteJsonNumbersTest {

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    record Numbers(
            float f, Float boxed, double d, double[] ds, float[] fs, Map<String, Double> map, List<Float> list) {}

    @Test
    void finiteNumbersAreWrittenAsBefore() throws Exception {
        Numbers n = new Numbers(
                0.5f, 1.5f, 2.25, new double[] {1, -2}, new float[] {0.125f, -3f}, Map.of("a", 0.75), List.of(4f));
        assertEquals(new ObjectMapper().writeValueAsString(n), mapper().writeValueAsString(n));
    }

    @Test
    void nanAndInfinityFailTheResponseWhereverTheyAre() {
        ObjectMapper mapper = mapper();
        List<Numbers> bad = List.of(
                new Numbers(Float.NaN, 1f, 0, new double[0], new float[0], Map.of(), List.of()),
                new Numbers(0, Float.POSITIVE_INFINITY, 0, new double[0], new float[0], Map.of(), List.of()),
                new Numbers(0, 1f, Double.NEGATIVE_INFINITY, new double[0], new float[0], Map.of(), List.of()),
                new Numbers(0, 1f, 0, new double[] {1, Double.NaN}, new float[0], Map.of(), List.of()),
                new Numbers(0, 1f, 0, new double[0], new float[] {1, Float.NaN}, Map.of(), List.of()),
                new Numbers(0, 1f, 0, new double[0], new float[0], Map.of("a", Double.NaN), List.of()),
                new Numbers(0, 1f, 0, new double[0], new float[0], Map.of(), List.of(Float.NaN)));
        for (Numbers n : bad) {
            JsonMappingException e = assertThrows(JsonMappingException.class, () -> mapper.writeValueAsString(n));
            assertTrue(e.getMessage().contains("JSON cannot carry as a number"), e.getMessage());
        }
    }

    @Test
    void aResponseRecordWithANanVectorIsNotWritten() throws Exception {
        EncodeTextResponse good = new EncodeTextResponse(
                "m",
                "1",
                "m",
                2,
                256,
                List.of(new EncodeTextResponse.Embedding(0, new float[] {0.6f, 0.8f}, 3, false)));
        assertTrue(mapper().writeValueAsString(good).contains("[0.6,0.8]"));
        EncodeTextResponse bad = new EncodeTextResponse(
                "m",
                "1",
                "m",
                2,
                256,
                List.of(new EncodeTextResponse.Embedding(0, new float[] {Float.NaN, 0.8f}, 3, false)));
        JsonMappingException e = assertThrows(JsonMappingException.class, () -> mapper().writeValueAsString(bad));
        // the answer could not be written: our fault, a 500 naming no Java class, not "the request body could not be
        // read"
        FailureStatuses.Answer answer = JsonErrorMessages.describe(e, "body");
        assertEquals(500, answer.status());
        assertTrue(!answer.error().contains("Exception") && !answer.error().contains("body"), answer.error());
        // what it used to be: a string where the schema says number
        assertTrue(new ObjectMapper().writeValueAsString(bad).contains("\"NaN\""));
    }
}
