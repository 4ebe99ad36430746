package dev.multimodal.gateway;

import java.util.List;

/**
 * An OIP v2 {@code infer} request as {@link OipRequestReader} read it: shapes checked for overflow,
 * data flattened into primitive arrays, nothing yet checked against a graph.
 *
 * @param outputs the output names asked for; empty for all of them
 */
record OipRequest(String id, List<Input> inputs, List<String> outputs) {

    /**
     * One input tensor. Its data is held as {@code long}s while every value was a JSON integer, as
     * {@code double}s once any was not; exactly one of the two is non-null.
     */
    record Input(String name, String datatype, long[] shape, long[] integers, double[] reals) {

        int size() {
            return integers != null ? integers.length : reals.length;
        }

        /** The number of values the shape needs; the reader has already bounded it. */
        long elements() {
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            return count;
        }
    }
}
