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
     * The future of work for a caller who may leave: once {@code cancel} has fired, the caller gets a
     * 503 saying why at once (its client has gone, or the service is stopping), whatever stage the
     * work is in; the work itself stops at its next stage boundary, and a failure it caused there (a
     * {@link CancellationException}) is not logged as a server error. A failure of the work fires
     * {@code cancel} (the request's own token, {@link Cancellation#childOf}): its other parts still
     * queued or to come (a document's later windows) are moot and are dropped.
     */
    static <T> CompletableFuture<T> forCaller(Cancellation cancel, CompletableFuture<T> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        work.whenComplete((value, failure) -> {
            if (failure == null) {
                answer.complete(value);
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            answer.completeExceptionally(
                    cause instanceof CancellationException && cancel.cancelled() ? refusal(cancel) : cause);
            cancel.cancel();
        });
        cancel.onCancel(() -> answer.completeExceptionally(refusal(cancel))); // a no-op once answered
        return answer;
    }

    private static OverloadedException refusal(Cancellation cancel) {
        return new OverloadedException("the request was cancelled: " + cancel.reason(), 1);
    }

    static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }
}
