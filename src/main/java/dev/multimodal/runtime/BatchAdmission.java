package dev.multimodal.runtime;

import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.settings.Keys;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Who may enter one batcher's queue: the batcher's lifecycle state, the queue's room in items and
 * the budget of input bytes queued or running. A submission is admitted whole or refused at once
 * with {@link OverloadedException}; every change of state happens under the same lock as
 * admission, so nothing is queued after a close or a stop has begun.
 */
final class BatchAdmission {

    enum State {
        OPEN,
        DRAINING,
        STOPPING,
        CLOSED
    }

    private final String name;
    private final BatcherSettings settings;
    private final BatcherMetrics metrics;
    private final Semaphore room;
    private final CostBudget bytes;
    private final Object lock = new Object();
    private volatile State state = State.OPEN;

    BatchAdmission(String name, BatcherSettings settings, CostBudget bytes, BatcherMetrics metrics) {
        this.name = name;
        this.settings = settings;
        this.bytes = bytes;
        this.metrics = metrics;
        this.room = new Semaphore(settings.queueCapacity());
    }

    static CostBudget byteBudget(String name, BatcherSettings settings) {
        return new CostBudget(
                "model " + name,
                "bytes of input",
                Keys.BATCH_MAX_BYTES_IN_FLIGHT,
                settings.maxBytesInFlight(),
                settings.retryAfterSeconds());
    }

    State state() {
        return state;
    }

    /**
     * Admits every entry or none: they cost {@code total} bytes; {@code enqueue} runs under the
     * lock once they are admitted.
     *
     * @throws OverloadedException when the batcher is closing, its queue is full or its budget spent
     */
    <E> void admit(List<E> entries, long total, Runnable enqueue) {
        int count = entries.size();
        synchronized (lock) {
            if (state != State.OPEN) {
                metrics.refused("shutdown");
                throw new OverloadedException("model " + name + " is shutting down", settings.retryAfterSeconds());
            }
            if (!room.tryAcquire(count)) {
                metrics.refused("queue-full");
                throw new OverloadedException(
                        "model " + name + " is overloaded: its queue of " + settings.queueCapacity() + " items is full",
                        settings.retryAfterSeconds());
            }
            if (!bytes.tryAcquire(total)) {
                room.release(count);
                metrics.refused("bytes");
                throw new OverloadedException(
                        "model " + name + " is overloaded: " + bytes.inFlight()
                                + " bytes of input are queued or running and this request needs " + total
                                + " more; the budget is " + bytes.capacity() + " (" + Keys.BATCH_MAX_BYTES_IN_FLIGHT
                                + ")",
                        settings.retryAfterSeconds());
            }
            enqueue.run();
        }
    }

    /** {@code count} entries left the queue (into a batch, or dropped): their room is free again. */
    void leftQueue(int count) {
        room.release(count);
    }

    /** An entry is done (ran, failed, refused or dropped): its bytes are free again. */
    void release(long cost) {
        bytes.release(cost);
    }

    /** Stops taking entries; those accepted still run. */
    void drain() {
        synchronized (lock) {
            if (state == State.OPEN) {
                state = State.DRAINING;
            }
        }
    }

    /**
     * Stops now: runs {@code terminate} under the lock, once. A no-op once stopping or closed.
     *
     * @return whether this call stopped it
     */
    boolean stop(Runnable terminate) {
        synchronized (lock) {
            if (state == State.CLOSED || state == State.STOPPING) {
                return false;
            }
            state = State.STOPPING;
            terminate.run();
            return true;
        }
    }

    /** Closes for good: runs {@code release} under the lock, once. */
    void close(Runnable release) {
        synchronized (lock) {
            if (state != State.CLOSED) {
                state = State.CLOSED;
                release.run();
            }
        }
    }
}
