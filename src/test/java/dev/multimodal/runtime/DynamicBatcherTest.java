package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.multimodal.refusal.OverloadedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicBatcherTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void concurrentCallersShareBatchesAndEachGetsItsOwnResult() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "double",
                BatcherSettings.countOnly()
                        .withMaxBatch(8)
                        .withMaxDelayMicros(2000)
                        .withQueueCapacity(256)
                        .withWorkers(1),
                () -> (items, run) -> {
                    sizes.add(items.size());
                    Thread.sleep(5);
                    return items.stream().map(i -> i * 2).toList();
                },
                registry)) {
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
        assertEquals(
                200.0,
                registry.get("mmf.batch.size").tag("model", "double").summary().totalAmount());
        assertEquals(200, registry.get("mmf.batch.queue.wait").timer().count());
        assertEquals(sizes.size(), registry.get("mmf.inference.time").timer().count());
    }

    @Test
    void aLoneCallerDoesNotWaitForTheQueueDelay() throws Exception {
        // a 10 s delay would be spent on a request if the batcher took a lone caller's next
        // request, sent the moment the previous one completes, for concurrent load
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "lone",
                BatcherSettings.countOnly()
                        .withMaxDelayMicros(10_000_000)
                        .withQueueCapacity(64)
                        .withWorkers(1),
                () -> (items, run) -> items,
                registry)) {
            for (int i = 0; i < 300; i++) {
                assertEquals(i, batcher.submit(i).get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aSubmissionIsNeverSplitByTheTimingOfItsOwnAdds() throws Exception {
        // no delay: an idle worker takes what is queued at once, so only the adds' atomicity keeps
        // the three items of one submission in one batch; with two workers, neither may take a part
        for (int workers = 1; workers <= 2; workers++) {
            submitWholeBatches(workers);
        }
    }

    private void submitWholeBatches(int workers) throws Exception {
        BatcherSettings settings = BatcherSettings.countOnly()
                .withMaxBatch(8)
                .withMaxDelayMicros(0)
                .withWorkers(workers)
                .withArenaShrinkBytes(0);
        try (DynamicBatcher<Long, Integer> batcher = new DynamicBatcher<>(
                "whole",
                settings,
                () -> (items, run) -> items.stream().map(i -> items.size()).toList(),
                item -> item,
                registry)) {
            for (int round = 0; round < 20_000; round++) {
                var results = batcher.submitAll(List.of(1L, 2L, 3L));
                for (var r : results) {
                    assertEquals(3, r.get(5, TimeUnit.SECONDS), workers + " workers, round " + round);
                }
            }
        }
    }

    @Test
    void underLoadTheWorkerWaitsForTheBatchToFill() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "fill",
                BatcherSettings.countOnly()
                        .withMaxBatch(4)
                        .withMaxDelayMicros(2_000_000)
                        .withQueueCapacity(64)
                        .withWorkers(1),
                () -> (items, run) -> {
                    sizes.add(items.size());
                    if (items.get(0) == 0) {
                        firstRunning.countDown();
                        release.await();
                    }
                    return items;
                },
                registry)) {
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
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "full",
                BatcherSettings.countOnly()
                        .withMaxBatch(2)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(4)
                        .withWorkers(1)
                        .withRetryAfterSeconds(7),
                () -> (items, run) -> {
                    running.countDown();
                    release.await();
                    return items;
                },
                registry)) {
            CompletableFuture<Integer> inFlight = batcher.submit(0);
            running.await();
            List<CompletableFuture<Integer>> waiting = batcher.submitAll(List.of(1, 2, 3));
            OverloadedException refused =
                    assertThrows(OverloadedException.class, () -> batcher.submitAll(List.of(4, 5)));
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
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "flaky",
                BatcherSettings.countOnly()
                        .withMaxBatch(4)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(16)
                        .withWorkers(1),
                () -> (items, run) -> {
                    if (items.contains(-1)) {
                        throw new IllegalStateException("boom");
                    }
                    return items;
                },
                registry)) {
            ExecutionException failed = assertThrows(
                    ExecutionException.class, () -> batcher.submit(-1).get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertEquals(5, batcher.submit(5).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeRunsEveryAcceptedItemAndRefusesNewWork() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "closing",
                BatcherSettings.countOnly()
                        .withMaxBatch(1)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(16)
                        .withWorkers(1),
                () -> (items, run) -> {
                    running.countDown();
                    release.await();
                    return items.stream().map(i -> i * 10).toList();
                },
                registry);
        CompletableFuture<Integer> first = batcher.submit(1);
        running.await();
        CompletableFuture<Integer> queued = batcher.submit(2);
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> batcher.close(60_000));
        while (batcher.submitAllowed()) {
            Thread.onSpinWait(); // the closer has started draining
        }
        assertThrows(OverloadedException.class, () -> batcher.submit(3), "new work is refused while draining");
        assertFalse(closed.isDone(), "close waits while a run is in flight");
        release.countDown();
        assertTrue(closed.get(30, TimeUnit.SECONDS), "everything accepted ran");
        assertEquals(10, first.get(), "the running item got its real answer");
        assertEquals(20, queued.get(), "so did the item still queued at close");
        assertFalse(batcher.running());
    }

    @Test
    void aRunPastTheDrainIsTerminatedAndAwaitedBeforeItsSessionCloses(@TempDir Path dir) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            OrtSession session = env.createSession(SlowModel.write(dir.resolve("slow.onnx")), options);
            AtomicBoolean insideRun = new AtomicBoolean();
            CountDownLatch entered = new CountDownLatch(1);
            List<Throwable> runFailures = Collections.synchronizedList(new ArrayList<>());
            DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                    "slow",
                    BatcherSettings.countOnly()
                            .withMaxBatch(1)
                            .withMaxDelayMicros(0)
                            .withQueueCapacity(4)
                            .withWorkers(1),
                    () -> (items, run) -> {
                        float[] x = new float[SlowModel.ROWS * SlowModel.SIDE];
                        float[] w = new float[SlowModel.SIDE * SlowModel.SIDE];
                        try (OnnxTensor xt = OnnxTensor.createTensor(
                                        env, FloatBuffer.wrap(x), new long[] {SlowModel.ROWS, SlowModel.SIDE});
                                OnnxTensor wt = OnnxTensor.createTensor(
                                        env, FloatBuffer.wrap(w), new long[] {SlowModel.SIDE, SlowModel.SIDE})) {
                            insideRun.set(true);
                            entered.countDown();
                            try (OrtSession.Result r = session.run(Map.of("x", xt, "w", wt), run)) {
                                return items;
                            } catch (OrtException e) {
                                runFailures.add(e);
                                throw e;
                            } finally {
                                insideRun.set(false);
                            }
                        }
                    },
                    registry);
            CompletableFuture<Integer> slow = batcher.submit(1);
            entered.await();
            assertFalse(batcher.close(100), "the run outlived the drain");
            assertFalse(insideRun.get(), "close returned only after the worker left session.run");
            assertFalse(batcher.running());
            assertEquals(1, runFailures.size());
            assertTrue(
                    runFailures
                            .get(0)
                            .getMessage()
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("terminate"),
                    "ONNX Runtime stopped the run through its terminate flag: "
                            + runFailures.get(0).getMessage());
            ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(5, TimeUnit.SECONDS));
            assertInstanceOf(OverloadedException.class, e.getCause(), "the caller gets a clean 503");
            session.close(); // safe now: no run is using it
        }
    }

    @Test
    void stopRefusesQueuedAndNewWorkAtOnceAndCloseThenWaitsForTheWorker() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "timer",
                BatcherSettings.countOnly()
                        .withMaxBatch(1)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(16)
                        .withWorkers(1),
                () -> (items, run) -> {
                    running.countDown();
                    release.await();
                    return items;
                },
                registry);
        CompletableFuture<Integer> first = batcher.submit(1);
        running.await();
        CompletableFuture<Integer> queued = batcher.submit(2);
        batcher.stop(); // what the drain timer does at mmf.batch.drain-timeout after SIGTERM
        ExecutionException e = assertThrows(ExecutionException.class, () -> queued.get(30, TimeUnit.SECONDS));
        assertInstanceOf(OverloadedException.class, e.getCause(), "refused with a 503 once the drain timed out");
        assertThrows(OverloadedException.class, () -> batcher.submit(3));
        release.countDown();
        assertEquals(1, first.get(5, TimeUnit.SECONDS), "a run that was not ORT's to terminate still answers");
        assertFalse(batcher.close(60_000), "not everything accepted ran");
        assertFalse(batcher.running());
    }

    @Test
    void anItemThatWaitedPastTheQueueDeadlineIsRefusedNotRunLate() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "deadline",
                BatcherSettings.countOnly()
                        .withMaxBatch(1)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(16)
                        .withWorkers(1)
                        .withRetryAfterSeconds(3)
                        .withQueueDeadlineMillis(50),
                () -> (items, run) -> {
                    ran.addAll(items);
                    running.countDown();
                    release.await();
                    return items;
                },
                registry)) {
            CompletableFuture<Integer> first = batcher.submit(1);
            running.await();
            CompletableFuture<Integer> late = batcher.submit(2);
            Thread.sleep(300); // the second item waits behind the first, past its 50 ms deadline
            release.countDown();
            assertEquals(1, first.get(5, TimeUnit.SECONDS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
            OverloadedException refused = assertInstanceOf(OverloadedException.class, e.getCause());
            assertEquals(3, refused.retryAfterSeconds());
            assertTrue(refused.getMessage().contains("mmf.batch.queue-deadline"), refused.getMessage());
            assertEquals(3, batcher.submit(3).get(5, TimeUnit.SECONDS), "a fresh item runs");
            assertEquals(List.of(1, 3), ran, "the late item never ran");
        }
    }

    @Test
    void aRequestWhoseServingHasBegunIsNotCutOffByTheDeadline() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "own-queue",
                BatcherSettings.countOnly()
                        .withMaxBatch(1)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(16)
                        .withWorkers(1)
                        .withQueueDeadlineMillis(50),
                () -> (items, run) -> {
                    if (items.get(0) == 1) {
                        running.countDown();
                        release.await();
                    }
                    return items;
                },
                registry)) {
            List<CompletableFuture<Integer>> one = batcher.submitAll(List.of(1, 2, 3)); // one request, many items
            running.await();
            Thread.sleep(300); // its 2 and 3 wait behind its own 1, past the deadline
            release.countDown();
            for (int i = 0; i < 3; i++) {
                assertEquals(i + 1, one.get(i).get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void admissionIsByBytesInFlightNotOnlyByCount() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "bytes",
                BatcherSettings.countOnly()
                        .withMaxBatch(4)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(64)
                        .withWorkers(1)
                        .withMaxBytesInFlight(100),
                () -> (items, run) -> {
                    if (items.contains(60)) {
                        running.countDown();
                        release.await();
                    }
                    return items;
                },
                Integer::longValue,
                registry)) {
            CompletableFuture<Integer> big = batcher.submit(60);
            running.await();
            OverloadedException refused = assertThrows(
                    OverloadedException.class,
                    () -> batcher.submit(50),
                    "60 running + 50 is past the budget of 100, though the queue has room for 63 more items");
            assertTrue(refused.getMessage().contains("mmf.batch.max-bytes-in-flight"), refused.getMessage());
            CompletableFuture<Integer> fits = batcher.submit(40);
            release.countDown();
            assertEquals(60, big.get(5, TimeUnit.SECONDS));
            assertEquals(40, fits.get(5, TimeUnit.SECONDS));
            assertEquals(50, batcher.submit(50).get(5, TimeUnit.SECONDS), "the bytes came back once the runs ended");
            assertEquals(500, batcher.submit(500).get(5, TimeUnit.SECONDS), "an item over the budget runs alone");
        }
    }

    @Test
    void workThatRunsAloneSharesTheQueueTheByteBudgetAndTheDeadlineWithTheBatches() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "alone",
                BatcherSettings.countOnly()
                        .withMaxBatch(4)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(64)
                        .withWorkers(1)
                        .withRetryAfterSeconds(2)
                        .withMaxBytesInFlight(100)
                        .withQueueDeadlineMillis(200),
                () -> (items, run) -> {
                    ran.add("batch " + items);
                    if (items.contains(60)) {
                        running.countDown();
                        release.await();
                    }
                    return items;
                },
                Integer::longValue,
                registry)) {
            CompletableFuture<Integer> big = batcher.submit(60);
            running.await();
            OverloadedException refused = assertThrows(
                    OverloadedException.class,
                    () -> batcher.submitAlone(50, run -> "too big"),
                    "60 running + 50 is past the budget of 100");
            assertTrue(refused.getMessage().contains("mmf.batch.max-bytes-in-flight"), refused.getMessage());
            CompletableFuture<String> late = batcher.submitAlone(30, run -> {
                ran.add("late");
                return "late";
            });
            Thread.sleep(400); // it waits behind the running batch, past the 200 ms deadline
            release.countDown();
            assertEquals(60, big.get(5, TimeUnit.SECONDS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
            OverloadedException deadline = assertInstanceOf(OverloadedException.class, e.getCause());
            assertTrue(deadline.getMessage().contains("mmf.batch.queue-deadline"), deadline.getMessage());
            assertEquals(2, deadline.retryAfterSeconds());
            CompletableFuture<String> alone = batcher.submitAlone(30, run -> {
                assertNotNull(run, "alone work gets the worker's run options");
                ran.add("alone");
                return "done";
            });
            CompletableFuture<Integer> item = batcher.submit(7);
            assertEquals("done", alone.get(5, TimeUnit.SECONDS));
            assertEquals(7, item.get(5, TimeUnit.SECONDS));
            assertFalse(ran.contains("late"), "the late work never ran");
            assertTrue(ran.contains("alone") && ran.contains("batch [7]"), ran.toString());
            assertEquals(100, batcher.submit(100).get(5, TimeUnit.SECONDS), "every byte came back");
        }
    }

    @Test
    void workThatRunsAloneIsTerminatedPastTheDrainAndAwaitedBeforeItsSessionCloses(@TempDir Path dir) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            OrtSession session = env.createSession(SlowModel.write(dir.resolve("slow.onnx")), options);
            AtomicBoolean insideRun = new AtomicBoolean();
            CountDownLatch entered = new CountDownLatch(1);
            DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                    "slow-alone",
                    BatcherSettings.countOnly()
                            .withMaxBatch(1)
                            .withMaxDelayMicros(0)
                            .withQueueCapacity(4)
                            .withWorkers(1),
                    () -> (items, run) -> items,
                    registry);
            CompletableFuture<String> slow = batcher.submitAlone(0, run -> {
                try (OnnxTensor xt = OnnxTensor.createTensor(
                                env,
                                FloatBuffer.wrap(new float[SlowModel.ROWS * SlowModel.SIDE]),
                                new long[] {SlowModel.ROWS, SlowModel.SIDE});
                        OnnxTensor wt = OnnxTensor.createTensor(
                                env,
                                FloatBuffer.wrap(new float[SlowModel.SIDE * SlowModel.SIDE]),
                                new long[] {SlowModel.SIDE, SlowModel.SIDE})) {
                    insideRun.set(true);
                    entered.countDown();
                    try (OrtSession.Result r = session.run(Map.of("x", xt, "w", wt), run)) {
                        return "finished";
                    } finally {
                        insideRun.set(false);
                    }
                }
            });
            entered.await();
            assertFalse(batcher.close(100), "the run outlived the drain");
            assertFalse(insideRun.get(), "close returned only after the worker left session.run");
            ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(5, TimeUnit.SECONDS));
            assertInstanceOf(OverloadedException.class, e.getCause(), "the caller gets a clean 503");
            assertThrows(OverloadedException.class, () -> batcher.submitAlone(0, run -> "after"));
            session.close();
        }
    }

    @Test
    void cancelledQueuedItemsNeverRunAndGiveBackTheirRoomAndBytes() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        try (DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                "cancel",
                BatcherSettings.countOnly()
                        .withMaxBatch(1)
                        .withMaxDelayMicros(0)
                        .withQueueCapacity(2)
                        .withWorkers(1)
                        .withMaxBytesInFlight(100),
                () -> (items, run) -> {
                    ran.addAll(items);
                    if (items.get(0) == 0) {
                        running.countDown();
                        release.await();
                    }
                    return items;
                },
                item -> 40L,
                registry)) {
            CompletableFuture<Integer> first = batcher.submit(0);
            assertTrue(running.await(5, TimeUnit.SECONDS));
            Cancellation caller = Cancellation.create();
            List<CompletableFuture<Integer>> queued = caller.bind(batcher.submitAll(List.of(1)));
            assertThrows(OverloadedException.class, () -> batcher.submit(2), "120 bytes would pass the budget of 100");
            caller.cancel(); // the client has gone
            assertTrue(queued.get(0).isCancelled());
            assertEquals(0, batcher.queued(), "it left the queue at once");
            CompletableFuture<Integer> second = batcher.submit(3); // refused for bytes before the cancel
            release.countDown();
            assertEquals(0, first.get(5, TimeUnit.SECONDS));
            assertEquals(3, second.get(5, TimeUnit.SECONDS));
            assertEquals(List.of(0, 3), ran, "the cancelled items never ran");
            assertEquals(
                    1.0,
                    registry.get("mmf.batch.cancelled")
                            .tag("model", "cancel")
                            .counter()
                            .count());
        }
    }

    @Test
    void settingsAreValidated() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BatcherSettings.countOnly().withMaxBatch(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> BatcherSettings.countOnly().withMaxDelayMicros(-1));
        assertThrows(
                IllegalArgumentException.class,
                () -> BatcherSettings.countOnly().withMaxBatch(8).withQueueCapacity(4));
        assertThrows(
                IllegalArgumentException.class,
                () -> BatcherSettings.countOnly().withWorkers(0));
    }
}
