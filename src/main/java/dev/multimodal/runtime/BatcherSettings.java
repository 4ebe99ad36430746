package dev.multimodal.runtime;

import dev.multimodal.refusal.OverloadedException;

/**
 * Limits of one model's dynamic batcher.
 *
 * @param maxBatchSize      most items in one {@code session.run}
 * @param maxDelayMicros    longest an item waits for others to join its batch; only spent while the
 *                          model is under concurrent load, so a lone caller never waits
 * @param queueCapacity     items waiting at most; past that, callers get {@link OverloadedException}
 * @param workers           threads taking batches off the queue, each with its own buffers
 * @param retryAfterSeconds what an overloaded caller is told to wait
 * @param maxBytesInFlight  input tensor bytes queued or running at most; past that, callers get
 *                          {@link OverloadedException} (one item larger than this runs alone)
 * @param queueDeadlineMillis longest an item may wait in the queue; one that waited longer is
 *                          refused with {@link OverloadedException} instead of running late; 0: no deadline
 * @param drainMillis       at close, how long accepted items may take to finish before the runs
 *                          still going are terminated
 * @param arenaShrinkBytes  a run whose items' input bytes reach this gives the free regions of
 *                          ONNX Runtime's CPU arena back to the system when it ends, so that one
 *                          large request does not keep its activations' memory for the process's
 *                          life; 0: never (and always 0 where the arena is off)
 * @param callerRuns        whether a lone item, arriving while the model is idle (nothing queued,
 *                          no run going, and the last run was a lone item too), runs on the
 *                          submitting thread with an idle worker's buffers and run options instead
 *                          of being handed to that worker: two thread wake-ups fewer for a
 *                          one-at-a-time caller. Only for a batcher whose workers run in the
 *                          foreground (a text encoder's), whose runs take milliseconds
 */
public record BatcherSettings(
        int maxBatchSize,
        long maxDelayMicros,
        int queueCapacity,
        int workers,
        int retryAfterSeconds,
        long maxBytesInFlight,
        long queueDeadlineMillis,
        long drainMillis,
        long arenaShrinkBytes,
        boolean callerRuns) {

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
        if (maxBytesInFlight < 1) {
            throw new IllegalArgumentException("max bytes in flight must be at least 1, not " + maxBytesInFlight);
        }
        if (queueDeadlineMillis < 0 || drainMillis < 0 || arenaShrinkBytes < 0) {
            throw new IllegalArgumentException(
                    "the queue deadline, the drain time and the arena's shrink size must not be negative");
        }
    }

    /** The same settings with batches of at most {@code size} items. */
    public BatcherSettings withMaxBatchSize(int size) {
        return new BatcherSettings(
                Math.max(1, Math.min(maxBatchSize, size)),
                maxDelayMicros,
                queueCapacity,
                workers,
                retryAfterSeconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                drainMillis,
                arenaShrinkBytes,
                callerRuns);
    }

    /** The same settings with another drain time at close. */
    public BatcherSettings withDrainMillis(long millis) {
        return new BatcherSettings(
                maxBatchSize,
                maxDelayMicros,
                queueCapacity,
                workers,
                retryAfterSeconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                millis,
                arenaShrinkBytes,
                callerRuns);
    }

    // Readable settings for tests and benchmarks: BatcherSettings.defaults().withMaxBatch(4).withWorkers(1).
    // Each validates as the constructor does; set the batch size before a queue smaller than the default batch.

    /** The same settings with batches of exactly {@code size} items at most. */
    public BatcherSettings withMaxBatch(int size) {
        return new BatcherSettings(
                size,
                maxDelayMicros,
                queueCapacity,
                workers,
                retryAfterSeconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                drainMillis,
                arenaShrinkBytes,
                callerRuns);
    }

    public BatcherSettings withMaxDelayMicros(long micros) {
        return new BatcherSettings(
                maxBatchSize,
                micros,
                queueCapacity,
                workers,
                retryAfterSeconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                drainMillis,
                arenaShrinkBytes,
                callerRuns);
    }

    public BatcherSettings withQueueCapacity(int items) {
        return new BatcherSettings(
                maxBatchSize,
                maxDelayMicros,
                items,
                workers,
                retryAfterSeconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                drainMillis,
                arenaShrinkBytes,
                callerRuns);
    }

    public BatcherSettings withWorkers(int count) {
        return new BatcherSettings(
                maxBatchSize,
                maxDelayMicros,
                queueCapacity,
                count,
                retryAfterSeconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                drainMillis,
                arenaShrinkBytes,
                callerRuns);
    }

    public BatcherSettings withRetryAfterSeconds(int seconds) {
        return new BatcherSettings(
                maxBatchSize,
                maxDelayMicros,
                queueCapacity,
                workers,
                seconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                drainMillis,
                arenaShrinkBytes,
                callerRuns);
    }

    public BatcherSettings withMaxBytesInFlight(long bytes) {
        return new BatcherSettings(
                maxBatchSize,
                maxDelayMicros,
                queueCapacity,
                workers,
                retryAfterSeconds,
                bytes,
                queueDeadlineMillis,
                drainMillis,
                arenaShrinkBytes,
                callerRuns);
    }

    /** 0: no deadline. */
    public BatcherSettings withQueueDeadlineMillis(long millis) {
        return new BatcherSettings(
                maxBatchSize,
                maxDelayMicros,
                queueCapacity,
                workers,
                retryAfterSeconds,
                maxBytesInFlight,
                millis,
                drainMillis,
                arenaShrinkBytes,
                callerRuns);
    }

    /** 0: never shrink the arena. */
    public BatcherSettings withArenaShrinkBytes(long bytes) {
        return new BatcherSettings(
                maxBatchSize,
                maxDelayMicros,
                queueCapacity,
                workers,
                retryAfterSeconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                drainMillis,
                bytes,
                callerRuns);
    }

    /**
     * The same settings where a lone item may (or may not) run on its caller's thread: see
     * {@link #callerRuns()}.
     */
    public BatcherSettings withCallerRuns(boolean runs) {
        return new BatcherSettings(
                maxBatchSize,
                maxDelayMicros,
                queueCapacity,
                workers,
                retryAfterSeconds,
                maxBytesInFlight,
                queueDeadlineMillis,
                drainMillis,
                arenaShrinkBytes,
                runs);
    }

    /**
     * The defaults, in one place: {@code mmf.batch.*} takes its defaults from these constants, and
     * {@link #defaults()} (for the train-head command, tests and benchmarks) is built from them.
     */
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;

    public static final long DEFAULT_MAX_DELAY_MICROS = 500;
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    public static final int DEFAULT_WORKERS = 2;
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
    public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 64L * 1024 * 1024;
    public static final long DEFAULT_QUEUE_DEADLINE_SECONDS = 5;
    public static final long DEFAULT_DRAIN_SECONDS = 10;
    public static final boolean DEFAULT_CALLER_RUNS = true;

    /**
     * The default counts, and count limits only: no byte budget, no queue deadline, and a drain of
     * 30 s at close. For tools and tests that check answers, where a loaded machine must not turn a
     * slow answer into a 503.
     */
    public static BatcherSettings countOnly() {
        return new BatcherSettings(
                DEFAULT_MAX_BATCH_SIZE,
                DEFAULT_MAX_DELAY_MICROS,
                DEFAULT_QUEUE_CAPACITY,
                DEFAULT_WORKERS,
                DEFAULT_RETRY_AFTER_SECONDS,
                Long.MAX_VALUE,
                0,
                30_000,
                0,
                DEFAULT_CALLER_RUNS);
    }

    public static BatcherSettings defaults() {
        return new BatcherSettings(
                DEFAULT_MAX_BATCH_SIZE,
                DEFAULT_MAX_DELAY_MICROS,
                DEFAULT_QUEUE_CAPACITY,
                DEFAULT_WORKERS,
                DEFAULT_RETRY_AFTER_SECONDS,
                DEFAULT_MAX_BYTES_IN_FLIGHT,
                DEFAULT_QUEUE_DEADLINE_SECONDS * 1000,
                DEFAULT_DRAIN_SECONDS * 1000,
                0,
                DEFAULT_CALLER_RUNS);
    }
}
