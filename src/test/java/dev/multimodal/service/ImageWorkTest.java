package dev.multimodal.service;

import dev.multimodal.runtime.Niceness;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aBurstRunsOnAtMostTheSizeOfThePoolAndInTheBackground() throws Exception {
        Vertx vertx = Vertx.vertx();
        ImageWork work = new ImageWork();
        work.start(vertx, 3);
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
