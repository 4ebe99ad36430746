package dev.multimodal.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One item in a batcher's queue.
 *
 * @param served shared by the items of one submission: set once any of them has been taken into a batch
 * @param alone  null for an item of a batch; else work that runs by itself and completes {@code result}
 */
record BatchEntry<I, O>(
        I item,
        CompletableFuture<O> result,
        long enqueuedNanos,
        long cost,
        AtomicBoolean served,
        DynamicBatcher.Alone<?> alone) {

    /** The caller gave up on it (cancelled its future): it is dropped instead of run. */
    boolean abandoned() {
        return result.isCancelled();
    }
}
