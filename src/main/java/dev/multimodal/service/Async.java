package dev.multimodal.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** The few future combinators the use cases share. */
final class Async {

    private Async() {
    }

    /** {@code work} on {@code executor}: blocking work (decoding, fetching) stays off the event loop. */
    static <T> CompletableFuture<T> blocking(Executor executor, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, executor);
    }

    /** Runs {@code start} now, so that a refusal it throws fails the future instead of escaping. */
    static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }
}
