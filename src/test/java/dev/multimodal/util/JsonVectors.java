package dev.multimodal.util;

import java.util.List;

/** A vector as a JSON answer carries it (a list of numbers, as REST Assured or a client reads it), as floats. */
public final class JsonVectors {

    private JsonVectors() {}

    /** {@code list}: a {@code List} of numbers. */
    public static float[] floats(Object list) {
        List<?> values = (List<?>) list;
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }
}
