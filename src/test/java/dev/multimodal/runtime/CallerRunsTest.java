package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BatcherSettings#callerRuns()}: a lone item that finds a foreground model idle runs on the
 * thread that submitted it, with an idle worker's function and run options; everything else goes
 * through the queue and the worker threads as before, and shutdown waits for and terminates a
 * caller's run as it does a worker's.
 */
class CallerRunsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Each item answers with the name of the thread it ran on and the size of its batch. */
    private DynamicBatcher<Integer, String> threads(String name, BatcherSettings settings, boolean background) {
        return new DynamicBatcher<>(
                name,
                settings,
                () -> (items, run) -> {
                    String where = Thread.currentThread().getName() + "/" + items.size();
                    return items.stream().map(i -> where).toList();
                },
                item -> 1L,
                background,
                registry);
    }

    @Test
    void aLoneItemOnAnIdleModelRunsOnItsCallersThreadAndIsDoneWhenSubmitReturns() throws Exception {
        String caller = Thread.currentThread().getName();
        try (DynamicBatcher<Integer, String> batcher = threads("here", BatcherSettings.countOnly(), false)) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture<String> answer = batcher.submit(i);
                assertTrue(answer.isDone(), "ran before submit returned");
                assertEquals(caller + "/1", answer.get());
            }
            assertEquals(
                    3.0,
                    registry.get("mmf.batch.size")
                            .tag("model", "here")
                            .summary()
                            .totalAmount(),
                    "counted as runs of one, like a worker's");
            assertEquals(
                    3.0,
                    registry.get("mmf.batch.caller.runs")
                            .tag("model", "here")
                            .counter()
                            .count());
        }
    }

    @Test
    void switchedOffOrInTheBackgroundTheWorkersRunEveryItem() throws Exception {
        try (DynamicBatcher<Integer, String> off =
                        threads("off", BatcherSettings.countOnly().withCallerRuns(false), false);
                DynamicBatcher<Integer, String> background = threads("bg", BatcherSettings.countOnly(), true)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(off.submit(i).get(5, TimeUnit.SECONDS).startsWith("batcher-off-"));
                assertTrue(background.submit(i).get(5, TimeUnit.SECONDS).startsWith("batcher-bg-"));
            }
        }
    }

    @Test
    void itemsThatArriveTogetherBatchOnAWorkerAndTheNextLoneItemDoesTooUntilTheModelIsQuietAgain() throws Exception {
        String caller = Thread.currentThread().getName();
        try (DynamicBatcher<Integer, String> batcher = threads("together", BatcherSettings.countOnly(), false)) {
            for (CompletableFuture<String> r : batcher.submitAll(List.of(1, 2, 3))) {
                assertTrue(r.get(5, TimeUnit.SECONDS).matches("batcher-together-\\d/3"), r.get());
            }
            // the last run was a batch: the model counts as busy, so this one is handed over too
            assertTrue(batcher.submit(4).get(5, TimeUnit.SECONDS).matches("batcher-together-\\d/1"));
            // that run was lone with nothing behind it: the model is idle again
            assertEquals(caller + "/1", batcher.submit(5).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void whileACallerRunsItsItemTheNextOneIsQueuedForAWorker() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, String> batcher = new DynamicBatcher<>(
                "busy",
                BatcherSettings.countOnly(),
                () -> (items, run) -> {
                    if (items.contains(1)) {
                        inside.countDown();
                        release.await();
                    }
                    String where = Thread.currentThread().getName();
                    return items.stream().map(i -> where).toList();
                },
                item -> 1L,
                false,
                registry)) {
            AtomicReference<CompletableFuture<String>> first = new AtomicReference<>();
            Thread caller = new Thread(() -> first.set(batcher.submit(1)), "first-caller");
            caller.start();
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            CompletableFuture<String> second = batcher.submit(2);
            assertTrue(second.get(5, TimeUnit.SECONDS).startsWith("batcher-busy-"), "went to a worker");
            release.countDown();
            caller.join(5000);
            assertEquals("first-caller", first.get().get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCallersRunTakesAWorkersPlaceSoNoMoreRunsGoAtOnceThanThereAreWorkers() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        try (DynamicBatcher<Integer, String> batcher = new DynamicBatcher<>(
                "one-place",
                BatcherSettings.countOnly().withWorkers(1),
                () -> (items, run) -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        if (items.contains(1)) {
                            inside.countDown();
                            release.await();
                        }
                        String where = Thread.currentThread().getName();
                        return items.stream().map(i -> where).toList();
                    } finally {
                        running.decrementAndGet();
                    }
                },
                item -> 1L,
                false,
                registry)) {
            AtomicReference<CompletableFuture<String>> first = new AtomicReference<>();
            Thread caller = new Thread(() -> first.set(batcher.submit(1)), "first-caller");
            caller.start();
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            CompletableFuture<String> second = batcher.submit(2);
            Thread.sleep(200);
            assertFalse(second.isDone(), "the one worker waits for the caller's run");
            release.countDown();
            assertEquals("batcher-one-place-0", second.get(5, TimeUnit.SECONDS));
            caller.join(5000);
            assertEquals("first-caller", first.get().get(5, TimeUnit.SECONDS));
            assertEquals(1, most.get(), "one run at a time, as with one worker");
        }
    }

    @Test
    void itemsThatQueuedWhileTheWorkerWaitedForItsPlaceRunTogether() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, String> batcher = new DynamicBatcher<>(
                "top-up",
                BatcherSettings.countOnly().withWorkers(1),
                () -> (items, run) -> {
                    if (items.contains(1)) {
                        inside.countDown();
                        release.await();
                    }
                    String where = Thread.currentThread().getName() + "/" + items.size();
                    return items.stream().map(i -> where).toList();
                },
                item -> 1L,
                false,
                registry)) {
            Thread caller = new Thread(() -> batcher.submit(1), "first-caller");
            caller.start();
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            CompletableFuture<String> second = batcher.submit(2);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (batcher.queued() > 0 && System.nanoTime() < until) {
                Thread.sleep(1); // until the worker has taken it and waits for its place
            }
            CompletableFuture<String> third = batcher.submit(3);
            Thread.sleep(50);
            release.countDown();
            assertEquals("batcher-top-up-0/2", second.get(5, TimeUnit.SECONDS));
            assertEquals("batcher-top-up-0/2", third.get(5, TimeUnit.SECONDS));
            caller.join(5000);
        }
    }

    @Test
    void closeWaitsForACallersRunAndTerminatesItPastTheDrain(@TempDir Path dir) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            OrtSession session = env.createSession(SlowModel.write(dir.resolve("slow.onnx")), options);
            AtomicBoolean insideRun = new AtomicBoolean();
            AtomicReference<String> ranOn = new AtomicReference<>();
            AtomicReference<Throwable> runFailure = new AtomicReference<>();
            CountDownLatch entered = new CountDownLatch(1);
            DynamicBatcher<Integer, Integer> batcher = new DynamicBatcher<>(
                    "slow-caller",
                    BatcherSettings.countOnly().withWorkers(1),
                    () -> (items, run) -> {
                        try (OnnxTensor xt = OnnxTensor.createTensor(
                                        env,
                                        FloatBuffer.wrap(new float[SlowModel.ROWS * SlowModel.SIDE]),
                                        new long[] {SlowModel.ROWS, SlowModel.SIDE});
                                OnnxTensor wt = OnnxTensor.createTensor(
                                        env,
                                        FloatBuffer.wrap(new float[SlowModel.SIDE * SlowModel.SIDE]),
                                        new long[] {SlowModel.SIDE, SlowModel.SIDE})) {
                            ranOn.set(Thread.currentThread().getName());
                            insideRun.set(true);
                            entered.countDown();
                            try (OrtSession.Result r = session.run(Map.of("x", xt, "w", wt), run)) {
                                return items;
                            } catch (OrtException e) {
                                runFailure.set(e);
                                throw e;
                            } finally {
                                insideRun.set(false);
                            }
                        }
                    },
                    item -> 1L,
                    false,
                    registry);
            AtomicReference<CompletableFuture<Integer>> slow = new AtomicReference<>();
            Thread caller = new Thread(() -> slow.set(batcher.submit(1)), "slow-caller-thread");
            caller.start();
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            assertEquals("slow-caller-thread", ranOn.get());
            assertFalse(batcher.close(100), "the run outlived the drain");
            assertFalse(insideRun.get(), "close returned only after the caller's run left session.run");
            assertFalse(batcher.running());
            assertTrue(
                    runFailure.get().getMessage().toLowerCase(Locale.ROOT).contains("terminate"),
                    "the worker's terminate flag stopped the caller's run: " + runFailure.get());
            caller.join(5000);
            ExecutionException e =
                    assertThrows(ExecutionException.class, () -> slow.get().get(5, TimeUnit.SECONDS));
            assertInstanceOf(OverloadedException.class, e.getCause(), "the caller gets a clean 503");
            assertThrows(OverloadedException.class, () -> batcher.submit(2), "closed: nothing runs any more");
            session.close(); // safe now: no run is using it
        }
    }
}
