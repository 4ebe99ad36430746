package dev.multimodal.runtime;

import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.settings.Keys;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final LinkedBlockingQueue<BatchEntry<I, O>> queue = new LinkedBlockingQueue<>();
    /**
     * Held while one submission's entries are added, and while a worker takes the entries behind
     * its first: a worker that polled a submission's first entry waits here for the rest of it, so
     * the submission is not split across batches by the timing of its own adds.
     */
    private final ReentrantLock adding = new ReentrantLock();
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
        adding.lock();
        try {
            queue.addAll(entries);
        } finally {
            adding.unlock();
        }
    }

    /** The caller gave up on a queued entry: it leaves the queue now, with its room and bytes. */
    void abandon(BatchEntry<I, O> entry) {
        if (queue.remove(entry)) {
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
        return lastRunLone && running.get() == 0 && queue.isEmpty();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /**
     * Fills {@code batch} with the next batch, waiting up to 100 ms for a first entry.
     *
     * @param underLoad whether the previous batch left work behind: then the batch may wait to fill
     * @return whether an entry came at all (the batch may still be empty: its entries expired or were dropped)
     */
    boolean next(List<BatchEntry<I, O>> batch, boolean underLoad) throws InterruptedException {
        BatchEntry<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        drainTo(batch);
        if (underLoad) {
            fill(batch, first.enqueuedNanos() + settings.maxDelayMicros() * 1000L);
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
        while (batch.size() < settings.maxBatchSize()) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            BatchEntry<I, O> next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            drainTo(batch);
        }
    }

    /** Takes what is queued behind the batch's last entry, once a submission being added is whole. */
    private void drainTo(List<BatchEntry<I, O>> batch) {
        adding.lock();
        try {
            queue.drainTo(batch, settings.maxBatchSize() - batch.size());
        } finally {
            adding.unlock();
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
        while ((left = queue.poll()) != null) {
            any = true;
            admission.leftQueue(1);
            admission.release(left.cost());
            left.result().completeExceptionally(new OverloadedException(message, settings.retryAfterSeconds()));
        }
        return any;
    }
}
