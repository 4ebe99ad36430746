package dev.multimodal.gateway;

import dev.multimodal.runtime.OverloadedException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded admission for one graph served over OIP v2, where raw tensors of any shape do not fit a
 * model's dynamic batcher: a few requests run at once, a few more wait, and the rest — or one that
 * waited past its deadline — get {@link OverloadedException} (503 with Retry-After) instead of
 * piling up threads and tensors.
 */
final class OipAdmission {

    private final String name;
    private final Semaphore running;
    private final int queue;
    private final Duration timeout;
    private final AtomicInteger waiting = new AtomicInteger();

    OipAdmission(String name, int concurrency, int queue, Duration timeout) {
        if (concurrency < 1 || queue < 0) {
            throw new IllegalArgumentException("mmf.oip.concurrency must be at least 1 and mmf.oip.queue at least 0");
        }
        this.name = name;
        this.running = new Semaphore(concurrency, true);
        this.queue = queue;
        this.timeout = timeout;
    }

    <T> T run(Callable<T> work) throws Exception {
        if (!running.tryAcquire()) {
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                throw new OverloadedException("model '" + name + "' is busy: " + queue
                        + " requests are already waiting (mmf.oip.queue); retry later", 1);
            }
            try {
                if (!running.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new OverloadedException("model '" + name + "' is busy: the request waited "
                            + timeout.toMillis() + " ms (mmf.oip.queue-timeout); retry later", 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OverloadedException("model '" + name + "': the request was interrupted while waiting", 1);
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return work.call();
        } finally {
            running.release();
        }
    }

    /** Requests waiting now. */
    int waiting() {
        return waiting.get();
    }
}
