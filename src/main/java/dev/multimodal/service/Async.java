package dev.multimodal.service;

import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.runtime.Cancellation;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** The few future combinators the use cases share. */
final class Async {

    private Async() {}

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

    /**
     * The future of work for a caller who may leave: once {@code cancel} has fired, a failure it
     * caused (a {@link CancellationException} from a stage boundary or a dropped queue item)
     * becomes a 503 refusal, so nothing is logged as a server error for a client that has gone. A
     * failure fires {@code cancel} (the request's own token, {@link Cancellation#childOf}): its other
     * parts still queued or to come (a document's later windows) are moot and are dropped.
     */
    static <T> CompletableFuture<T> forCaller(Cancellation cancel, CompletableFuture<T> work) {
        return work.handle((value, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(value);
                    }
                    cancel.cancel();
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof CancellationException && cancel.cancelled()) {
                        return CompletableFuture.<T>failedFuture(
                                new OverloadedException("the request was cancelled: its " + "client has gone", 1));
                    }
                    return CompletableFuture.<T>failedFuture(cause);
                })
                .thenCompose(f -> f);
    }

    static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }
}
