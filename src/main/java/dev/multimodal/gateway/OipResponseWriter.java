package dev.multimodal.gateway;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.multimodal.runtime.FiniteOutputs;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes an OIP v2 inference response straight from the output arrays to the connection: the
 * values are never boxed one object each, so a response costs its bytes on the wire and no more.
 */
final class OipResponseWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private OipResponseWriter() {}

    /**
     * Called before the response starts: a non-finite output is a 503 naming the model
     * ({@link FiniteOutputs}), never "NaN" in a number field.
     */
    static void checkFinite(String model, List<OipInference.Output> outputs) {
        for (OipInference.Output output : outputs) {
            if (output.data() instanceof float[] f) {
                FiniteOutputs.check(model, f);
            } else if (output.data() instanceof double[] d) {
                FiniteOutputs.check(model, d);
            }
        }
    }

    static void write(String model, String version, String id, List<OipInference.Output> outputs, OutputStream out)
            throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("model_name", model);
            g.writeStringField("model_version", version);
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeArrayFieldStart("outputs");
            for (OipInference.Output output : outputs) {
                g.writeStartObject();
                g.writeStringField("name", output.name());
                g.writeStringField("datatype", output.datatype());
                g.writeFieldName("shape");
                g.writeArray(output.shape(), 0, output.shape().length);
                g.writeArrayFieldStart("data");
                if (output.data() instanceof float[] f) {
                    for (float v : f) {
                        g.writeNumber(v);
                    }
                } else if (output.data() instanceof double[] d) {
                    for (double v : d) {
                        g.writeNumber(v);
                    }
                } else if (output.data() instanceof long[] l) {
                    for (long v : l) {
                        g.writeNumber(v);
                    }
                } else if (output.data() instanceof int[] n) {
                    for (int v : n) {
                        g.writeNumber(v);
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
