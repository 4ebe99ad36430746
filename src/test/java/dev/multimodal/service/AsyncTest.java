package dev.multimodal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.runtime.Cancellation;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The caller's side of cancellable work: answered at once when the token fires, saying why. */
class AsyncTest {

    @Test
    void aCallerIsAnsweredAtOnceWhenItsTokenFiresWhateverStageTheWorkIsIn() {
        Cancellation token = Cancellation.create();
        CompletableFuture<String> work = new CompletableFuture<>(); // a clip still decoding
        CompletableFuture<String> answer = Async.forCaller(token, work);
        assertFalse(answer.isDone());
        token.cancel("the service is stopping");
        assertTrue(answer.isDone(), "answered before the work reached a stage boundary");
        OverloadedException refusal = assertInstanceOf(OverloadedException.class, cause(answer));
        assertEquals("the request was cancelled: the service is stopping", refusal.getMessage());
        work.completeExceptionally(new CancellationException("the caller has gone")); // the boundary, later
        assertInstanceOf(OverloadedException.class, cause(answer), "the first answer stands");
    }

    @Test
    void aChildTokenSaysWhyItsParentFired() {
        Cancellation request = Cancellation.create();
        Cancellation child = Cancellation.childOf(request);
        CompletableFuture<String> answer = Async.forCaller(child, new CompletableFuture<>());
        request.cancel();
        assertEquals(Cancellation.CLIENT_GONE, child.reason());
        assertEquals(
                "the request was cancelled: its client has gone", cause(answer).getMessage());
    }

    @Test
    void aFailureOfTheWorkIsTheAnswerAndDropsItsOtherParts() {
        Cancellation token = Cancellation.create();
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> answer = Async.forCaller(token, work);
        work.completeExceptionally(new CompletionException(InputException.badRequest("video", "truncated")));
        assertInstanceOf(InputException.class, cause(answer), "the real refusal, not a cancellation");
        assertTrue(token.cancelled(), "the request's other parts are dropped");
        assertEquals(
                "done",
                Async.forCaller(Cancellation.create(), CompletableFuture.completedFuture("done"))
                        .join());
    }

    private static Throwable cause(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
