package dev.multimodal.runtime;

import dev.multimodal.runtime.DynamicBatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Submitting many items of one request without letting it fill a model's queue alone. */
public final class Batches {

    private Batches() {
    }

    /**
     * Submits in chunks of half the queue, each after the previous one has run, and completes with
     * every output in order.
     */
    public static <I, O> CompletableFuture<List<O>> submit(DynamicBatcher<I, O> batcher, List<I> items) {
        List<O> outputs = new ArrayList<>(items.size());
        return chunk(batcher, items, 0, outputs).thenApply(done -> outputs);
    }

    private static <I, O> CompletableFuture<Void> chunk(DynamicBatcher<I, O> batcher, List<I> items, int from,
                                                       List<O> into) {
        if (from >= items.size()) {
            return CompletableFuture.completedFuture(null);
        }
        int to = Math.min(items.size(), from + Math.max(1, batcher.settings().queueCapacity() / 2));
        List<CompletableFuture<O>> futures = batcher.submitAll(items.subList(from, to));
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            futures.forEach(f -> into.add(f.join()));
            return chunk(batcher, items, to, into);
        });
    }
}
