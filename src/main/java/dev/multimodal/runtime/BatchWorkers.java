package dev.multimodal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The worker threads of one batcher and their {@link WorkerRunOptions}: started together, terminated
 * together through ONNX Runtime's flag, awaited together. Where callers may run a lone item
 * themselves, one more worker, never started, serves them one at a time under a lease: it is
 * terminated and awaited with the others, and once awaited it is lent no more.
 */
final class BatchWorkers<I, O> {

    private static final Logger LOG = Logger.getLogger(BatchWorkers.class.getName());

    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private final List<WorkerRunOptions> runOptions = new ArrayList<>();
    private final BatchQueue<I, O> queue;
    /** Null where callers never run their items. */
    private final BatchWorker<I, O> callers;
    /** Held by the caller running on {@link #callers}, and for good once it has been awaited at close. */
    private final Semaphore callerLease = new Semaphore(1);
    /** As many as there are worker threads: the runs going at once, a caller's included. */
    private final Semaphore runSlots;

    private volatile boolean callersAwaited;

    BatchWorkers(
            String name,
            BatcherSettings settings,
            BatchQueue<I, O> queue,
            BatchAdmission admission,
            BatcherMetrics metrics,
            Supplier<DynamicBatcher.BatchFunction<I, O>> functions,
            boolean background,
            boolean callerRuns) {
        this.name = name;
        this.queue = queue;
        this.runSlots = new Semaphore(settings.workers());
        for (int i = 0; i < settings.workers(); i++) {
            WorkerRunOptions options = new WorkerRunOptions(name, settings.arenaShrinkBytes());
            runOptions.add(options);
            Thread worker = new Thread(
                    new BatchWorker<>(
                            name, settings, queue, admission, metrics, functions.get(), options, background, runSlots),
                    "batcher-" + name + "-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
        if (callerRuns) {
            WorkerRunOptions options = new WorkerRunOptions(name, settings.arenaShrinkBytes());
            runOptions.add(options);
            callers = new BatchWorker<>(
                    name, settings, queue, admission, metrics, functions.get(), options, false, runSlots);
        } else {
            callers = null;
        }
    }

    /**
     * The callers' worker, leased to the calling thread, or null: when nothing is queued, no run is
     * going and the last run was lone ({@link BatchQueue#idle}). The caller runs its item with
     * {@link BatchWorker#runHere} and then gives the lease back with {@link #release}.
     */
    BatchWorker<I, O> leaseIfIdle() {
        if (callers == null || !queue.idle() || !callerLease.tryAcquire()) {
            return null;
        }
        if (callersAwaited || !queue.isEmpty() || !runSlots.tryAcquire()) {
            callerLease.release();
            return null;
        }
        return callers;
    }

    /** Gives back the lease of {@link #leaseIfIdle}. */
    void release() {
        runSlots.release();
        callerLease.release();
    }

    /** Whether a worker thread is alive, or a caller's run is going. */
    boolean alive() {
        return threads.stream().anyMatch(Thread::isAlive)
                || callers != null && !callersAwaited && callerLease.availablePermits() == 0;
    }

    /**
     * Waits until every worker has ended or {@code deadlineNanos} (of {@link System#nanoTime()}) has passed.
     *
     * @return whether the wait was interrupted
     */
    boolean awaitUntil(long deadlineNanos) {
        for (Thread worker : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0 && join(worker, Math.max(1, left / 1_000_000))) {
                return true;
            }
        }
        long left = deadlineNanos - System.nanoTime();
        try {
            if (callers != null && !callersAwaited && left > 0 && callerLease.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                callersAwaited = true; // held for good: no caller runs from here on
            }
        } catch (InterruptedException e) {
            return true;
        }
        return false;
    }

    /**
     * Waits for every worker to end, however long it takes: the sessions must outlive every run.
     *
     * @return whether the wait was interrupted (the flag is cleared, so that the wait goes on)
     */
    boolean awaitAll() {
        boolean interrupted = false;
        for (Thread worker : threads) {
            while (worker.isAlive()) {
                interrupted |= join(worker, 5000);
                if (worker.isAlive()) {
                    LOG.warning("model " + name + ": still waiting for " + worker.getName() + " to leave session.run");
                }
            }
        }
        while (callers != null && !callersAwaited) {
            try {
                if (callerLease.tryAcquire(5, TimeUnit.SECONDS)) {
                    callersAwaited = true;
                } else {
                    LOG.warning("model " + name + ": still waiting for a caller's run to leave session.run");
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /** Sets the terminate flag on every worker's runs: each stops at its next node. */
    void terminate() {
        runOptions.forEach(WorkerRunOptions::terminate);
    }

    /** Once no worker runs any more. */
    void closeRunOptions() {
        runOptions.forEach(WorkerRunOptions::close);
    }

    /** @return whether the wait was interrupted (the flag is cleared, so that the caller can wait on) */
    private static boolean join(Thread worker, long millis) {
        try {
            worker.join(millis);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
