package dev.multimodal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The last line of defence behind the models' own check ({@code runtime.FiniteOutputs}): Jackson
 * writes a NaN or an infinity as the string {@code "NaN"}, in a field whose schema says number, which
 * a client then reads as data. With this module such a value fails the response instead (a 500 that
 * names no Java class, with an id in the log) — every float and double, alone, boxed, in arrays or as map values.
 * A float array's values are written by {@link ShortestFloats} where it takes them: the same text, faster.
 */
final class FiniteJsonNumbers extends SimpleModule {

    FiniteJsonNumbers() {
        super("finite-json-numbers");
        FloatWriter floats = new FloatWriter();
        DoubleWriter doubles = new DoubleWriter();
        addSerializer(float.class, floats);
        addSerializer(Float.class, floats);
        addSerializer(double.class, doubles);
        addSerializer(Double.class, doubles);
        addSerializer(float[].class, new FloatArrayWriter());
        addSerializer(double[].class, new DoubleArrayWriter());
    }

    /** A response that held NaN or an infinity: a 500 (see {@code JsonErrorMessages}), never a 400. */
    static final class NonFiniteNumberException extends JsonMappingException {

        NonFiniteNumberException(JsonGenerator g, double value) {
            super(g, "a response holds " + value + ", which JSON cannot carry as a number");
        }
    }

    private static JsonMappingException refused(JsonGenerator g, double value) {
        return new NonFiniteNumberException(g, value);
    }

    private static final class FloatWriter extends StdSerializer<Float> {
        FloatWriter() {
            super(Float.class);
        }

        @Override
        public void serialize(Float value, JsonGenerator g, SerializerProvider provider) throws IOException {
            if (!Float.isFinite(value)) {
                throw refused(g, value);
            }
            g.writeNumber(value);
        }
    }

    private static final class DoubleWriter extends StdSerializer<Double> {
        DoubleWriter() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator g, SerializerProvider provider) throws IOException {
            if (!Double.isFinite(value)) {
                throw refused(g, value);
            }
            g.writeNumber(value);
        }
    }

    private static final class FloatArrayWriter extends StdSerializer<float[]> {
        FloatArrayWriter() {
            super(float[].class);
        }

        @Override
        public void serialize(float[] values, JsonGenerator g, SerializerProvider provider) throws IOException {
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw refused(g, v);
                }
            }
            char[] text = new char[ShortestFloats.MAX_CHARS];
            g.writeStartArray(values, values.length);
            for (float v : values) {
                int end = ShortestFloats.write(v, text, 0);
                if (end < 0) {
                    g.writeNumber(v);
                } else {
                    g.writeRawValue(text, 0, end);
                }
            }
            g.writeEndArray();
        }
    }

    private static final class DoubleArrayWriter extends StdSerializer<double[]> {
        DoubleArrayWriter() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator g, SerializerProvider provider) throws IOException {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    throw refused(g, v);
                }
            }
            g.writeArray(values, 0, values.length);
        }
    }
}
