package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Heavy threads run below the event loops: a batcher's workers, and any thread that asks, at
 * {@link Niceness#BACKGROUND}; the thread that asks for nothing keeps its priority, and so do the
 * workers of a batcher built to stay in the foreground (a text encoder's) and the threads they start.
 */
class NicenessTest {

    private static void assumeLinux() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "thread priorities: Linux only");
        assumeTrue(Niceness.current() != null, "/proc/thread-self/stat readable");
    }

    @Test
    void aThreadThatAsksRunsAtTheBackgroundNiceValueAndOthersDoNot() throws Exception {
        assumeLinux();
        CompletableFuture<Integer> before = new CompletableFuture<>();
        CompletableFuture<Integer> after = new CompletableFuture<>();
        Thread heavy = new Thread(() -> {
            before.complete(Niceness.current());
            Niceness.background();
            after.complete(Niceness.current());
        });
        heavy.start();
        heavy.join();
        assertEquals(0, before.get());
        assertEquals(Niceness.BACKGROUND, after.get());
        assertEquals(0, Niceness.current(), "the test's own thread is untouched");
    }

    /** One worker taking one item at a time, at once. */
    private static BatcherSettings oneAtATime() {
        return BatcherSettings.countOnly()
                .withMaxBatch(1)
                .withMaxDelayMicros(0)
                .withQueueCapacity(4)
                .withWorkers(1);
    }

    @Test
    void aBatchersWorkersRunInTheBackground() throws Exception {
        assumeLinux();
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "nice",
                oneAtATime(),
                () -> (items, run) -> java.util.List.of(Niceness.current()),
                new SimpleMeterRegistry())) {
            assertEquals(Niceness.BACKGROUND, batcher.submit(1).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aForegroundBatchersWorkersAndTheThreadsTheyStartKeepTheirPriority() throws Exception {
        assumeLinux();
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "foreground",
                oneAtATime(),
                () -> (items, run) -> java.util.List.of(Niceness.current()),
                item -> 0L,
                false,
                new SimpleMeterRegistry())) {
            assertEquals(0, batcher.submit(1).get(5, TimeUnit.SECONDS));
            // a thread started from a worker (a pool growing as it completes a caller) inherits its nice value
            CompletableFuture<Integer> started = new CompletableFuture<>();
            assertEquals(
                    0,
                    batcher.submitAlone(0, run -> {
                                Thread child = new Thread(() -> started.complete(Niceness.current()));
                                child.start();
                                child.join();
                                return started.get();
                            })
                            .get(5, TimeUnit.SECONDS));
        }
    }
}
