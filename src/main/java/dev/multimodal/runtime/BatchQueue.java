package dev.multimodal.runtime;

import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.settings.Keys;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batching policy of one batcher: which queued entries form the next batch.
 * <p>
 * A worker takes the oldest entry and everything queued behind it, up to the maximum batch size.
 * When the previous batch left work behind (the model is under concurrent load) it also waits up to
 * the maximum queue delay, measured from the oldest entry's arrival, for the batch to fill; a lone
 * caller is never delayed. Entries whose caller has gone are dropped, and entries that waited past
 * the queue deadline are refused, before the batch runs.
 */
final class BatchQueue<I, O> {

    private final String name;
    private final BatcherSettings settings;
    private final BatchAdmission admission;
    private final BatcherMetrics metrics;
    /**
     * Guarded by {@link #lock}, which a submission holds while its entries are added and a worker
     * while it takes a batch's entries: a worker sees a submission whole or not at all, so two
     * workers cannot split one request of a few texts between them by the timing of its adds.
     */
    private final ArrayDeque<BatchEntry<I, O>> queue = new ArrayDeque<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** The queue's size, readable without the lock. */
    private volatile int queued;
    /** Whether the last run was of one item with nothing queued behind it: the model is not under load. */
    private volatile boolean lastRunLone = true;
    /** Runs going now. */
    private final AtomicInteger running = new AtomicInteger();

    BatchQueue(String name, BatcherSettings settings, BatchAdmission admission, BatcherMetrics metrics) {
        this.name = name;
        this.settings = settings;
        this.admission = admission;
        this.metrics = metrics;
    }

    /** Called under admission's lock, after the entries were admitted: they appear together. */
    void addAll(List<BatchEntry<I, O>> entries) {
        lock.lock();
        try {
            boolean wasEmpty = queue.isEmpty();
            queue.addAll(entries);
            queued = queue.size();
            if (wasEmpty) { // otherwise a worker was woken for what is queued, and takes this too
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The caller gave up on a queued entry: it leaves the queue now, with its room and bytes. */
    void abandon(BatchEntry<I, O> entry) {
        boolean removed;
        lock.lock();
        try {
            removed = queue.remove(entry);
            queued = queue.size();
        } finally {
            lock.unlock();
        }
        if (removed) {
            admission.leftQueue(1);
            admission.release(entry.cost());
            metrics.cancelled();
        }
    }

    /** A run began (on a worker's thread or a caller's). */
    void runStarted() {
        running.incrementAndGet();
    }

    /** A run ended: of one item with nothing queued behind it, or not. */
    void runEnded(boolean lone) {
        lastRunLone = lone;
        running.decrementAndGet();
    }

    /**
     * Whether a lone item may skip the queue: nothing is queued, no run is going, and the last run
     * was lone too. A caller sending one item at a time is served without a hand-over, while items
     * that arrive together or behind a run still queue and batch.
     */
    boolean idle() {
        return lastRunLone && running.get() == 0 && queued == 0;
    }

    boolean isEmpty() {
        return queued == 0;
    }

    int size() {
        return queued;
    }

    /**
     * Fills {@code batch} with the next batch, waiting up to 100 ms for a first entry.
     *
     * @param underLoad whether the previous batch left work behind: then the batch may wait to fill
     * @return whether an entry came at all (the batch may still be empty: its entries expired or were dropped)
     */
    boolean next(List<BatchEntry<I, O>> batch, boolean underLoad) throws InterruptedException {
        if (!take(batch, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100))) {
            return false;
        }
        if (underLoad) {
            fill(batch, batch.get(0).enqueuedNanos() + settings.maxDelayMicros() * 1000L);
        }
        admission.leftQueue(batch.size());
        dropAbandoned(batch);
        expire(batch);
        return true;
    }

    /**
     * Adds what queued while the batch waited for a run slot (a caller ran on the model meanwhile),
     * up to the maximum batch size, with the same checks as {@link #next}: texts that arrived
     * during that run go together instead of one run each.
     */
    void topUp(List<BatchEntry<I, O>> batch) {
        int before = batch.size();
        drainTo(batch);
        List<BatchEntry<I, O>> added = batch.subList(before, batch.size());
        if (!added.isEmpty()) {
            admission.leftQueue(added.size());
            dropAbandoned(added);
            expire(added);
        }
    }

    private void fill(List<BatchEntry<I, O>> batch, long deadline) throws InterruptedException {
        while (batch.size() < settings.maxBatchSize() && take(batch, deadline)) {
            // take waits for the next entries until the deadline, and says when none came
        }
    }

    /**
     * Waits until {@code deadline} (of {@link System#nanoTime()}) for an entry, then takes it and
     * everything queued behind it, up to the maximum batch size, in one hold of the lock.
     *
     * @return whether any entry came
     */
    private boolean take(List<BatchEntry<I, O>> batch, long deadline) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
                notEmpty.awaitNanos(wait);
            }
            drainTo(batch);
            if (!queue.isEmpty()) {
                notEmpty.signal(); // more than one batch's worth: another worker may start on it
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes what is queued, up to the maximum batch size: never part of a submission being added. */
    private void drainTo(List<BatchEntry<I, O>> batch) {
        lock.lock();
        try {
            BatchEntry<I, O> next;
            while (batch.size() < settings.maxBatchSize() && (next = queue.poll()) != null) {
                batch.add(next);
            }
            queued = queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Entries cancelled while a worker was taking them, after their own removal had missed. */
    private void dropAbandoned(List<BatchEntry<I, O>> batch) {
        batch.removeIf(p -> {
            if (!p.abandoned()) {
                return false;
            }
            admission.release(p.cost());
            metrics.cancelled();
            return true;
        });
    }

    /**
     * Refuses the entries of the batch that waited past the queue deadline, so that a caller gets a
     * 503 it can retry elsewhere rather than an answer it stopped waiting for. A submission whose
     * serving has begun (one of its items ran, or is in this batch in time) is not cut off: its
     * later items wait behind its own earlier ones, and refusing them would waste that work.
     */
    private void expire(List<BatchEntry<I, O>> batch) {
        if (settings.queueDeadlineMillis() > 0) {
            long now = System.nanoTime();
            long deadline = settings.queueDeadlineMillis() * 1_000_000L;
            batch.removeIf(p -> {
                long waited = now - p.enqueuedNanos();
                if (waited <= deadline || p.served().get()) {
                    return false;
                }
                admission.release(p.cost());
                metrics.refused("deadline");
                p.result()
                        .completeExceptionally(new OverloadedException(
                                "model " + name + " is overloaded: the "
                                        + "item waited " + waited / 1_000_000
                                        + " ms in its queue, past the deadline of "
                                        + settings.queueDeadlineMillis() + " ms (" + Keys.BATCH_QUEUE_DEADLINE + ")",
                                settings.retryAfterSeconds()));
                return true;
            });
        }
        batch.forEach(p -> p.served().set(true));
    }

    /** Refuses every entry still queued. @return whether there was any */
    boolean refuseAll(String message) {
        boolean any = false;
        BatchEntry<I, O> left;
        while ((left = pollOne()) != null) {
            any = true;
            admission.leftQueue(1);
            admission.release(left.cost());
            left.result().completeExceptionally(new OverloadedException(message, settings.retryAfterSeconds()));
        }
        return any;
    }

    private BatchEntry<I, O> pollOne() {
        lock.lock();
        try {
            BatchEntry<I, O> entry = queue.poll();
            queued = queue.size();
            return entry;
        } finally {
            lock.unlock();
        }
    }
}
