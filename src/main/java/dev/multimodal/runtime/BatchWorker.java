package dev.multimodal.runtime;

import ai.onnxruntime.OrtSession.RunOptions;
import dev.multimodal.refusal.OverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One worker thread of a batcher: takes the next batch off the queue and runs it, with its own
 * {@link DynamicBatcher.BatchFunction} (so it may reuse buffers) and its own {@link RunOptions}
 * (whose terminate flag stops its run at shutdown; a large run's also shrink the arena after it).
 * Work that runs alone goes through the same timed path as a batch, one piece at a time.
 * <p>
 * One more worker per foreground batcher is never started as a thread: it lends its function and
 * run options to a caller that found the model idle, which {@link #runHere runs its lone item} on
 * its own thread ({@link BatchWorkers#leaseIfIdle}).
 */
final class BatchWorker<I, O> implements Runnable {

    private static final Logger LOG = Logger.getLogger(BatchWorker.class.getName());

    /** What one run computes: a batch's outputs, or the single result of work that runs alone. */
    @FunctionalInterface
    private interface Run {
        List<?> call() throws Exception;
    }

    private final String name;
    private final BatcherSettings settings;
    private final BatchQueue<I, O> queue;
    private final BatchAdmission admission;
    private final BatcherMetrics metrics;
    private final DynamicBatcher.BatchFunction<I, O> function;
    private final WorkerRunOptions options;
    private final boolean background;
    /** One permit per worker thread, shared by the batcher's runs: a caller's run takes a thread's place. */
    private final Semaphore runSlots;

    BatchWorker(
            String name,
            BatcherSettings settings,
            BatchQueue<I, O> queue,
            BatchAdmission admission,
            BatcherMetrics metrics,
            DynamicBatcher.BatchFunction<I, O> function,
            WorkerRunOptions options,
            boolean background,
            Semaphore runSlots) {
        this.name = name;
        this.settings = settings;
        this.queue = queue;
        this.admission = admission;
        this.metrics = metrics;
        this.function = function;
        this.options = options;
        this.background = background;
        this.runSlots = runSlots;
    }

    @Override
    public void run() {
        if (background) {
            Niceness.background();
        }
        List<BatchEntry<I, O>> batch = new ArrayList<>(settings.maxBatchSize());
        List<BatchEntry<I, O>> alone = new ArrayList<>();
        List<I> items = new ArrayList<>(settings.maxBatchSize());
        boolean underLoad = false;
        while (open()) {
            try {
                if (!queue.next(batch, underLoad)) {
                    underLoad = false;
                    continue;
                }
                if (batch.isEmpty()) {
                    continue;
                }
                if (admission.state() == BatchAdmission.State.STOPPING) {
                    refuse(batch, "model " + name + " shut down before this item ran");
                    continue;
                }
                // while a caller runs on the spare worker, this run waits: never more runs than workers
                if (!runSlots.tryAcquire()) {
                    runSlots.acquireUninterruptibly();
                    queue.topUp(batch);
                }
                try {
                    batch.removeIf(p -> p.alone() != null && alone.add(p));
                    for (BatchEntry<I, O> p : alone) {
                        RunOptions run = options.forInput(lastQueued(p.cost()));
                        underLoad =
                                timed(List.of(p), true, () -> List.of(p.alone().run(run)));
                    }
                    if (!batch.isEmpty()) {
                        long bytes = 0;
                        for (BatchEntry<I, O> p : batch) {
                            items.add(p.item());
                            bytes += p.cost();
                        }
                        RunOptions run = options.forInput(lastQueued(bytes));
                        underLoad = timed(batch, false, () -> function.apply(items, run));
                    }
                } finally {
                    runSlots.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
                alone.clear();
                items.clear();
            }
        }
    }

    /**
     * Runs one admitted entry on the calling thread, which holds this worker's lease and a run slot: the same
     * timed path, metrics, byte accounting and shutdown checks as a batch of one on a worker's
     * thread. Its future is complete when this returns.
     */
    void runHere(BatchEntry<I, O> entry) {
        entry.served().set(true);
        metrics.callerRan();
        RunOptions run = options.forInput(lastQueued(entry.cost()));
        List<I> one = List.of(entry.item());
        timed(List.of(entry), false, () -> function.apply(one, run));
    }

    /**
     * The input bytes by which a run's arena shrink is judged: its own while nothing else waits, 0
     * otherwise. A request of many large batches (256 long texts) shrinks the arena once, after its
     * last, and not before each of the others: each shrink makes the next large run fault its memory
     * in again.
     */
    private long lastQueued(long bytes) {
        return queue.isEmpty() ? bytes : 0;
    }

    private boolean open() {
        BatchAdmission.State state = admission.state();
        return state == BatchAdmission.State.OPEN || state == BatchAdmission.State.DRAINING && !queue.isEmpty();
    }

    /**
     * Runs one batch (or one piece of work alone), times it, gives its bytes back and then completes
     * its callers, so that a caller learns of the end only once its bytes are back.
     *
     * @return whether items arrived while it ran: other callers are active. Read before the
     * callers are completed, so that a lone caller's next request never counts as load.
     */
    @SuppressWarnings("unchecked")
    private boolean timed(List<BatchEntry<I, O>> entries, boolean alone, Run run) {
        long start = System.nanoTime();
        long cpuStart = CpuClock.now();
        entries.forEach(p -> metrics.waited(p.enqueuedNanos(), start));
        if (!alone) {
            metrics.batch(entries.size());
        }
        List<?> outputs = null;
        Throwable failure = null;
        queue.runStarted();
        try {
            if (admission.state() == BatchAdmission.State.STOPPING) {
                throw new OverloadedException(
                        "model " + name + " shut down before this work ran", settings.retryAfterSeconds());
            }
            outputs = run.call();
            if (outputs.size() != entries.size()) {
                throw new IllegalStateException("batch of " + entries.size() + " gave " + outputs.size() + " outputs");
            }
        } catch (Throwable e) {
            failure = stoppedOr(e, entries.size(), alone);
        } finally {
            metrics.ran(System.nanoTime() - start, CpuClock.now() - cpuStart);
            entries.forEach(p -> admission.release(p.cost()));
        }
        boolean othersWaiting = !queue.isEmpty();
        queue.runEnded(entries.size() == 1 && !othersWaiting);
        for (int i = 0; i < entries.size(); i++) {
            CompletableFuture<Object> result =
                    (CompletableFuture<Object>) entries.get(i).result();
            if (failure == null) {
                result.complete(outputs.get(i));
            } else {
                result.completeExceptionally(failure);
            }
        }
        return othersWaiting;
    }

    /** A run that failed at shutdown was terminated: its callers may retry on another instance. */
    private Throwable stoppedOr(Throwable e, int size, boolean alone) {
        if (admission.state() == BatchAdmission.State.STOPPING) {
            if (!(e instanceof OverloadedException)) {
                LOG.log(Level.WARNING, "a run of " + size + " on model " + name + " stopped at shutdown: " + e);
            }
            return new OverloadedException(
                    "model " + name + " shut down before this work finished", settings.retryAfterSeconds());
        }
        if (!alone) { // work that runs alone fails for its caller's own input (an OIP tensor): no warning
            LOG.log(Level.WARNING, "batch of " + size + " failed on model " + name, e);
        }
        return e;
    }

    private void refuse(List<BatchEntry<I, O>> batch, String message) {
        for (BatchEntry<I, O> p : batch) {
            admission.release(p.cost());
            p.result().completeExceptionally(new OverloadedException(message, settings.retryAfterSeconds()));
        }
    }
}
