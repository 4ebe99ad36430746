package dev.multimodal.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamicBatcherTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void concurrentCallersShareBatchesAndEachGetsItsOwnResult() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("double",
                new BatcherSettings(8, 2000, 256, 1, 1), () -> items -> {
                    sizes.add(items.size());
                    Thread.sleep(5);
                    return items.stream().map(i -> i * 2).toList();
                }, registry)) {
            ExecutorService callers = Executors.newFixedThreadPool(16);
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            List<java.util.concurrent.Future<CompletableFuture<Integer>>> submitted = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int value = i;
                submitted.add(callers.submit(() -> batcher.submit(value)));
            }
            for (var f : submitted) {
                results.add(f.get());
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(i * 2, results.get(i).get(5, TimeUnit.SECONDS));
            }
            callers.shutdown();
        }
        assertTrue(sizes.stream().anyMatch(s -> s > 1), "some batch held several callers: " + sizes);
        assertTrue(sizes.stream().allMatch(s -> s <= 8), "no batch exceeds the maximum: " + sizes);
        assertEquals(200, sizes.stream().mapToInt(Integer::intValue).sum());
        assertEquals(200.0, registry.get("mmf.batch.size").tag("model", "double").summary().totalAmount());
        assertEquals(200, registry.get("mmf.batch.queue.wait").timer().count());
        assertEquals(sizes.size(), registry.get("mmf.inference.time").timer().count());
    }

    @Test
    void aLoneCallerDoesNotWaitForTheQueueDelay() throws Exception {
        // a 10 s delay would be spent on a request if the batcher took a lone caller's next
        // request, sent the moment the previous one completes, for concurrent load
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("lone",
                new BatcherSettings(32, 10_000_000, 64, 1, 1), () -> items -> items, registry)) {
            for (int i = 0; i < 300; i++) {
                assertEquals(i, batcher.submit(i).get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void underLoadTheWorkerWaitsForTheBatchToFill() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("fill",
                new BatcherSettings(4, 2_000_000, 64, 1, 1), () -> items -> {
                    sizes.add(items.size());
                    if (items.get(0) == 0) {
                        firstRunning.countDown();
                        release.await();
                    }
                    return items;
                }, registry)) {
            CompletableFuture<Integer> first = batcher.submit(0);
            firstRunning.await();
            CompletableFuture<Integer> queued = batcher.submit(1); // left behind: the model is under load
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            Thread.sleep(200);
            List<CompletableFuture<Integer>> late = batcher.submitAll(List.of(2, 3)); // arrive within the delay
            queued.get(5, TimeUnit.SECONDS);
            for (CompletableFuture<Integer> f : late) {
                f.get(5, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(1, 3), sizes, "the item left behind waited for the next ones");
    }

    @Test
    void aFullQueueRefusesWholeRequestsAndRecovers() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("full",
                new BatcherSettings(2, 0, 4, 1, 7), () -> items -> {
                    running.countDown();
                    release.await();
                    return items;
                }, registry)) {
            CompletableFuture<Integer> inFlight = batcher.submit(0);
            running.await();
            List<CompletableFuture<Integer>> waiting = batcher.submitAll(List.of(1, 2, 3));
            OverloadedException refused = assertThrows(OverloadedException.class,
                    () -> batcher.submitAll(List.of(4, 5)));
            assertEquals(7, refused.retryAfterSeconds());
            assertEquals(3, batcher.queued(), "a refused request leaves nothing behind");
            release.countDown();
            assertEquals(0, inFlight.get(5, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                assertEquals(i + 1, waiting.get(i).get(5, TimeUnit.SECONDS));
            }
            assertEquals(9, batcher.submit(9).get(5, TimeUnit.SECONDS), "room again once drained");
        }
    }

    @Test
    void aFailingBatchFailsItsCallersAndTheWorkerCarriesOn() throws Exception {
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("flaky",
                new BatcherSettings(4, 0, 16, 1, 1), () -> items -> {
                    if (items.contains(-1)) {
                        throw new IllegalStateException("boom");
                    }
                    return items;
                }, registry)) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> batcher.submit(-1).get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertEquals(5, batcher.submit(5).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingFailsWhatIsStillQueued() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>("closing",
                new BatcherSettings(1, 0, 16, 1, 1), () -> items -> {
                    running.countDown();
                    Thread.sleep(100);
                    return items;
                }, registry);
        batcher.submit(0);
        running.await();
        CompletableFuture<Integer> queued = batcher.submit(1);
        batcher.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> queued.get(5, TimeUnit.SECONDS));
        assertInstanceOf(OverloadedException.class, e.getCause());
        assertThrows(OverloadedException.class, () -> batcher.submit(2));
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new BatcherSettings(0, 0, 10, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatcherSettings(8, -1, 10, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatcherSettings(8, 0, 4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatcherSettings(8, 0, 8, 0, 1));
    }
}
