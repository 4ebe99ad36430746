package dev.multimodal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Submitting many items of one request without letting it fill a model's queue alone. */
public final class Batches {

    private Batches() {}

    /**
     * Submits in chunks of half the queue, each after the previous one has run, and completes with
     * every output in order.
     */
    public static <I, O> CompletableFuture<List<O>> submit(DynamicBatcher<I, O> batcher, List<I> items) {
        return submit(batcher, items, Function.identity());
    }

    /**
     * The same, each output turned into a result as soon as its batch has run (on the batcher's
     * worker), so large outputs (a recogniser's per-step probabilities) are not all held until the
     * last item is done.
     */
    public static <I, O, R> CompletableFuture<List<R>> submit(
            DynamicBatcher<I, O> batcher, List<I> items, Function<O, R> convert) {
        List<R> outputs = new ArrayList<>(items.size());
        return chunk(batcher, items, 0, outputs, convert).thenApply(done -> outputs);
    }

    private static <I, O, R> CompletableFuture<Void> chunk(
            DynamicBatcher<I, O> batcher, List<I> items, int from, List<R> into, Function<O, R> convert) {
        if (from >= items.size()) {
            return CompletableFuture.completedFuture(null);
        }
        int to = Math.min(items.size(), from + Math.max(1, batcher.settings().queueCapacity() / 2));
        List<CompletableFuture<R>> futures = batcher.submitAll(items.subList(from, to)).stream()
                .map(f -> f.thenApply(convert))
                .toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenCompose(done -> {
                    futures.forEach(f -> into.add(f.join()));
                    return chunk(batcher, items, to, into, convert);
                });
    }
}
