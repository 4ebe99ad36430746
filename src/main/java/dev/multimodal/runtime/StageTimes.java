package dev.multimodal.runtime;

import java.util.function.Supplier;

/**
 * Where an image request spends its work outside the model: {@code decode}, {@code preprocess},
 * {@code postprocess} (model time is the batcher's). Measured as CPU time of the thread doing the
 * stage, so that under load, when many requests share the cores, a stage is not charged for the
 * time it waited to be scheduled. The service records these as metrics; the benchmark reads them
 * to split a request's cost.
 */
@FunctionalInterface
public interface StageTimes {

    StageTimes NONE = (stage, nanos) -> {};

    void record(String stage, long nanos);

    /** Runs {@code work} and records its CPU time (wall time where the JVM cannot tell) under {@code stage}. */
    default <T> T time(String stage, Supplier<T> work) {
        long start = CpuClock.now();
        try {
            return work.get();
        } finally {
            record(stage, CpuClock.now() - start);
        }
    }
}
