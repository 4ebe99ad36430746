package dev.multimodal.training;

import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;

/**
 * Vectors as Tribuo examples. Feature names are zero-padded indices, so Tribuo's feature map
 * (which orders features by name) keeps the vector's order, and the exported ONNX graph takes the
 * vector as it is.
 */
public final class Features {

    private Features() {}

    public static String[] names(int dimension) {
        String[] names = new String[dimension];
        for (int i = 0; i < dimension; i++) {
            names[i] = String.format("v%05d", i);
        }
        return names;
    }

    public static <T extends Output<T>> Example<T> example(T output, String[] names, float[] vector) {
        double[] values = new double[vector.length];
        for (int i = 0; i < vector.length; i++) {
            values[i] = vector[i];
        }
        return new ArrayExample<>(output, names, values);
    }
}
