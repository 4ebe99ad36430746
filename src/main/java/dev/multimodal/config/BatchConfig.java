package dev.multimodal.config;

import dev.multimodal.runtime.BatcherSettings;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code mmf.batch.*}: every model's dynamic batcher, unless its manifest says otherwise. */
public interface BatchConfig {
    @WithDefault("" + BatcherSettings.DEFAULT_MAX_BATCH_SIZE)
    int maxSize();

    /** How long a text may wait for others to join its batch, only spent under concurrent load. */
    @WithDefault("" + BatcherSettings.DEFAULT_MAX_DELAY_MICROS)
    long maxDelayMicros();

    /** Texts waiting per model at most; past that requests get 503 with Retry-After. */
    @WithDefault("" + BatcherSettings.DEFAULT_QUEUE_CAPACITY)
    int queueCapacity();

    /**
     * Batches in flight per model. Two single-threaded runs side by side beat one two-threaded
     * run on small CPU pods: one batch fills while the other runs.
     */
    @WithDefault("" + BatcherSettings.DEFAULT_WORKERS)
    int workers();

    @WithDefault("" + BatcherSettings.DEFAULT_RETRY_AFTER_SECONDS)
    int retryAfterSeconds();

    /**
     * Bytes of input tensors queued or running per model (per graph, for OCR's stages) at most;
     * past that requests get 503 with Retry-After. It bounds a batch's memory too: 64 MiB is
     * about 8 detector pages of 960 px, or 350 recogniser lines.
     */
    @WithDefault("" + BatcherSettings.DEFAULT_MAX_BYTES_IN_FLIGHT)
    long maxBytesInFlight();

    /**
     * Longest a request may wait in a model's queue before any of its items runs; past it, 503
     * instead of a late answer.
     */
    @WithDefault(BatcherSettings.DEFAULT_QUEUE_DEADLINE_SECONDS + "s")
    Duration queueDeadline();

    /**
     * At shutdown, how long each model's accepted work may take to finish before its runs are
     * terminated (after quarkus.shutdown.timeout has let the HTTP requests finish).
     */
    @WithDefault(BatcherSettings.DEFAULT_DRAIN_SECONDS + "s")
    Duration drainTimeout();

    /**
     * Whether a text arriving while its model is idle runs on the thread that received it, with an
     * idle worker's buffers, instead of waking that worker: about two thread wake-ups fewer for a
     * caller that sends one text at a time. Under concurrent load texts queue and batch as before.
     */
    @WithDefault("" + BatcherSettings.DEFAULT_CALLER_RUNS)
    boolean callerRuns();
}
