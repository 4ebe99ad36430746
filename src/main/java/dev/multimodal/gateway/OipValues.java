package dev.multimodal.gateway;

import java.util.Arrays;

/** A growing column of values: integers while they all are, doubles from the first that is not. */
final class OipValues {
    private long[] integers = new long[16];
    private double[] reals;
    private int size;

    void add(long v) {
        if (reals != null) {
            add((double) v);
            return;
        }
        if (size == integers.length) {
            integers = Arrays.copyOf(integers, size * 2);
        }
        integers[size++] = v;
    }

    void add(double v) {
        if (reals == null) {
            reals = new double[Math.max(16, integers.length)];
            for (int i = 0; i < size; i++) {
                reals[i] = integers[i];
            }
            integers = null;
        }
        if (size == reals.length) {
            reals = Arrays.copyOf(reals, size * 2);
        }
        reals[size++] = v;
    }

    OipRequest.Input toInput(String name, String datatype, long[] shape) {
        return reals != null
                ? new OipRequest.Input(name, datatype, shape, null, Arrays.copyOf(reals, size))
                : new OipRequest.Input(name, datatype, shape, Arrays.copyOf(integers, size), null);
    }
}
