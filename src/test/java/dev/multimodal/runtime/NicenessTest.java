package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Heavy threads run below the event loops: a batcher's workers, and any thread that asks, at
 * {@link Niceness#BACKGROUND}; the thread that asks for nothing keeps its priority.
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

    @Test
    void aBatchersWorkersRunInTheBackground() throws Exception {
        assumeLinux();
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "nice",
                BatcherSettings.countOnly()
                        .withMaxBatch(1)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(4)
                        .withWorkers(1),
                () -> (items, run) -> java.util.List.of(Niceness.current()),
                new SimpleMeterRegistry())) {
            assertEquals(Niceness.BACKGROUND, batcher.submit(1).get(5, TimeUnit.SECONDS));
        }
    }
}
