package dev.multimodal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The worker threads of one batcher and their {@link WorkerRunOptions}: started together, terminated
 * together through ONNX Runtime's flag, awaited together.
 */
final class BatchWorkers<I, O> {

    private static final Logger LOG = Logger.getLogger(BatchWorkers.class.getName());

    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private final List<WorkerRunOptions> runOptions = new ArrayList<>();

    BatchWorkers(
            String name,
            BatcherSettings settings,
            BatchQueue<I, O> queue,
            BatchAdmission admission,
            BatcherMetrics metrics,
            Supplier<DynamicBatcher.BatchFunction<I, O>> functions,
            boolean background) {
        this.name = name;
        for (int i = 0; i < settings.workers(); i++) {
            WorkerRunOptions options = new WorkerRunOptions(name, settings.arenaShrinkBytes());
            runOptions.add(options);
            Thread worker = new Thread(
                    new BatchWorker<>(name, settings, queue, admission, metrics, functions.get(), options, background),
                    "batcher-" + name + "-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    boolean alive() {
        return threads.stream().anyMatch(Thread::isAlive);
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
