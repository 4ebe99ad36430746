package dev.multimodal.encode;

/**
 * Where an image request spends its time outside the model: {@code decode}, {@code preprocess},
 * {@code postprocess} (model time is the batcher's). The service records these as metrics; the
 * benchmark reads them to split a request's time.
 */
@FunctionalInterface
public interface StageTimes {

    StageTimes NONE = (stage, nanos) -> {
    };

    void record(String stage, long nanos);

    /** Runs {@code work} and records its time under {@code stage}. */
    default <T> T time(String stage, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            record(stage, System.nanoTime() - start);
        }
    }
}
