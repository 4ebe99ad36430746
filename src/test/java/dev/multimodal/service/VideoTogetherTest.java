package dev.multimodal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.Cancellation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A clip's answer fails as soon as its transcript fails (a 413 at the time budget), without waiting
 * for the keyframes' work, which is told to stop: before, the answer waited for every keyframe to be
 * read, and came 6 s past the budget in bench/hostile's 1 GiB profile.
 */
class VideoTogetherTest {

    @Test
    void aFailedTranscriptAnswersAtOnceAndStopsTheKeyframes() throws Exception {
        CompletableFuture<List<String>> keyframes = new CompletableFuture<>(); // still reading
        CompletableFuture<String> said = new CompletableFuture<>();
        Cancellation stop = Cancellation.create();
        CompletableFuture<String> answer = ReadVideo.together(keyframes, said, (k, s) -> s + k, stop);
        InputException budget = InputException.tooLarge("video", "its speech was not transcribed within the budget");
        said.completeExceptionally(budget);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(1, TimeUnit.SECONDS));
        assertSame(budget, failed.getCause(), "the transcript's own refusal");
        assertTrue(stop.cancelled(), "the keyframes' work is told to stop");
    }

    @Test
    void bothSucceedingCombineAndAFailedKeyframeAnswersAtOnceToo() throws Exception {
        Cancellation stop = Cancellation.create();
        assertEquals(
                "said[a]",
                ReadVideo.together(
                                CompletableFuture.completedFuture(List.of("a")),
                                CompletableFuture.completedFuture("said"),
                                (k, s) -> s + k,
                                stop)
                        .get(1, TimeUnit.SECONDS));
        assertFalse(stop.cancelled());
        CompletableFuture<String> slowSpeech = new CompletableFuture<>();
        CompletableFuture<List<String>> keyframes = new CompletableFuture<>();
        CompletableFuture<String> answer = ReadVideo.together(keyframes, slowSpeech, (k, s) -> s + k, stop);
        keyframes.completeExceptionally(new IllegalStateException("ocr failed"));
        assertThrows(ExecutionException.class, () -> answer.get(1, TimeUnit.SECONDS));
    }
}
