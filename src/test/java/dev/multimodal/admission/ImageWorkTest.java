package dev.multimodal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.runtime.Niceness;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The image threads: a burst queues for a few threads instead of starting one per task, and they
 * run below the event loops' priority.
 */
class ImageWorkTest {

    @Test
    void theSizeIsTheSettingOrFourPerCore() {
        assertEquals(8, ImageWork.threads(0, 2));
        assertEquals(4, ImageWork.threads(0, 0), "at least one core");
        assertEquals(3, ImageWork.threads(3, 16));
        assertThrows(IllegalArgumentException.class, () -> ImageWork.threads(-1, 2));
    }

    @Test
    void theQueueIsTheSettingOrTwiceTheThreads() {
        assertEquals(16, ImageWork.maxWaiting(0, 8));
        assertEquals(5, ImageWork.maxWaiting(5, 8));
        assertThrows(IllegalArgumentException.class, () -> ImageWork.maxWaiting(-1, 8));
    }

    @Test
    void aTaskBeyondTheQueueIsRefusedAtOnceAndNeverRuns() throws Exception {
        Vertx vertx = Vertx.vertx();
        ImageWork work = new ImageWork();
        work.start(vertx, 1, 2);
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            assertTrue(work.tryRun(() -> {
                started.countDown();
                await(release);
                ran.incrementAndGet();
            }));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the one thread is busy");
            assertTrue(work.tryRun(ran::incrementAndGet), "first to wait");
            assertTrue(work.tryRun(ran::incrementAndGet), "second to wait");
            assertEquals(2, work.waiting());
            assertFalse(work.tryRun(ran::incrementAndGet), "a third may not wait");
            OverloadedException refused = assertThrows(
                    OverloadedException.class, () -> work.executor().execute(ran::incrementAndGet));
            assertTrue(refused.getMessage().contains("mmf.image.max-waiting"), refused.getMessage());
            assertTrue(refused.retryAfterSeconds() >= 1);
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ran.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            assertEquals(3, ran.get(), "the admitted three ran, the refused two never did");
            assertEquals(0, work.waiting());
            CountDownLatch again = new CountDownLatch(1);
            assertTrue(work.tryRun(again::countDown), "room again once the queue drained");
            assertTrue(again.await(10, TimeUnit.SECONDS));
        } finally {
            work.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void workGivenOnAnImageThreadRunsInPlaceEvenWithTheQueueFull() throws Exception {
        Vertx vertx = Vertx.vertx();
        ImageWork work = new ImageWork();
        work.start(vertx, 1, 1);
        try {
            CountDownLatch release = new CountDownLatch(1);
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            assertTrue(work.tryRun(() -> {
                order.add("outer " + Thread.currentThread().getName());
                started.countDown();
                await(release);
                work.executor()
                        .execute(() ->
                                order.add("inner " + Thread.currentThread().getName()));
                order.add("outer again");
                done.countDown();
            }));
            // until the one thread has taken the outer task, that task itself occupies the queue
            assertTrue(started.await(10, TimeUnit.SECONDS), "the one thread is busy");
            assertTrue(work.tryRun(() -> order.add("queued")), "fills the queue of one");
            assertFalse(work.tryRun(() -> order.add("refused")), "the queue of one is full");
            assertFalse(ImageWork.onImageThread(), "the test's thread is not one of them");
            release.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            String thread = order.get(0).substring("outer ".length());
            assertEquals("inner " + thread, order.get(1), "the inner task ran at once, on the same thread: " + order);
            assertEquals("outer again", order.get(2));
        } finally {
            work.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBurstRunsOnAtMostTheSizeOfThePoolAndInTheBackground() throws Exception {
        Vertx vertx = Vertx.vertx();
        ImageWork work = new ImageWork();
        work.start(vertx, 3, 24);
        try {
            int tasks = 24;
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            List<Integer> nice = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(tasks);
            for (int i = 0; i < tasks; i++) {
                work.executor().execute(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threads.add(Thread.currentThread().getName());
                    synchronized (nice) {
                        nice.add(Niceness.current());
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertTrue(done.await(20, TimeUnit.SECONDS), "every task ran");
            assertEquals(3, most.get(), "three at a time, the rest queued");
            assertTrue(threads.size() <= 3, "no thread beyond the pool: " + threads);
            assertTrue(threads.stream().allMatch(t -> t.startsWith("mmf-image")), threads.toString());
            if (System.getProperty("os.name").toLowerCase().contains("linux") && Niceness.current() != null) {
                assertTrue(nice.stream().allMatch(n -> n == Niceness.BACKGROUND), "below the event loops: " + nice);
            }
        } finally {
            work.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
