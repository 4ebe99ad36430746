package dev.multimodal.runtime;

/**
 * Limits of one model's dynamic batcher.
 *
 * @param maxBatchSize   most items in one {@code session.run}
 * @param maxDelayMicros longest an item waits for others to join its batch; only spent while the
 *                       model is under concurrent load, so a lone caller never waits
 * @param queueCapacity  items waiting at most; past that, callers get {@link OverloadedException}
 * @param workers        threads taking batches off the queue, each with its own buffers
 * @param retryAfterSeconds what an overloaded caller is told to wait
 */
public record BatcherSettings(int maxBatchSize, long maxDelayMicros, int queueCapacity, int workers,
                              int retryAfterSeconds) {

    public BatcherSettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be at least 1, not " + maxBatchSize);
        }
        if (maxDelayMicros < 0) {
            throw new IllegalArgumentException("max queue delay must not be negative, not " + maxDelayMicros);
        }
        if (queueCapacity < maxBatchSize) {
            throw new IllegalArgumentException("queue capacity (" + queueCapacity
                    + ") must be at least the max batch size (" + maxBatchSize + ")");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
    }

    /** The same settings with batches of at most {@code size} items. */
    public BatcherSettings withMaxBatchSize(int size) {
        return new BatcherSettings(Math.max(1, Math.min(maxBatchSize, size)), maxDelayMicros, queueCapacity, workers,
                retryAfterSeconds);
    }

    public static BatcherSettings defaults() {
        return new BatcherSettings(32, 500, 1024, 1, 1);
    }
}
