package dev.multimodal.runtime;

import ai.onnxruntime.OrtSession.RunOptions;
import dev.multimodal.refusal.OverloadedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.logging.Logger;

/**
 * Coalesces items submitted concurrently for one model into batches, one {@code session.run} each.
 * The jobs are split: {@link BatchAdmission} decides who enters (queue room, bytes in flight,
 * lifecycle), {@link BatchQueue} which entries form a batch (delay under load, queue deadline,
 * callers that have gone), {@link BatchWorker} runs batches, and {@link BatcherMetrics} counts.
 * <p>
 * A caller that cancels its future gives up its queued items: they leave the queue at once, with
 * their room and bytes, and never run.
 * <p>
 * Lifecycle: {@link #close()} first drains (no new items; every accepted item still runs) for
 * {@link BatcherSettings#drainMillis()}; then the runs still going are stopped through ONNX
 * Runtime's terminate flag on each worker's {@link RunOptions}, and close returns only once every
 * worker has left {@code session.run}, so the caller may close the sessions. The owner of the
 * batchers (the model registry) closes or stops them: there is no process-wide list.
 * <p>
 * {@link #submitAlone} puts work that cannot share a batch (raw OIP v2 tensors of any shape) through
 * the same queue, byte budget, deadline, workers and drain: it runs alone, on a worker, with that
 * worker's run options.
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

    /**
     * Runs one batch; owned by one worker thread, so it may reuse its buffers between calls. It
     * passes {@code run} to every {@code session.run}: that is how a run is terminated at shutdown.
     */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        List<O> apply(List<I> items, RunOptions run) throws Exception;
    }

    /** Work that runs alone on a worker, with the worker's run options (so that it can be terminated). */
    @FunctionalInterface
    public interface Alone<T> {
        T run(RunOptions run) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class.getName());

    private final String name;
    private final BatcherSettings settings;
    private final ToLongFunction<I> cost;
    private final BatchAdmission admission;
    private final BatchQueue<I, O> queue;
    private final BatchWorkers<I, O> workers;
    private volatile boolean stopped;

    /** A batcher whose items cost nothing: only their number is limited. */
    public DynamicBatcher(
            String name, BatcherSettings settings, Supplier<BatchFunction<I, O>> functions, MeterRegistry registry) {
        this(name, settings, functions, item -> 0L, registry);
    }

    /**
     * @param cost the bytes of input one item holds while it is queued or running, counted against
     *             {@link BatcherSettings#maxBytesInFlight()}
     */
    public DynamicBatcher(
            String name,
            BatcherSettings settings,
            Supplier<BatchFunction<I, O>> functions,
            ToLongFunction<I> cost,
            MeterRegistry registry) {
        this(name, settings, functions, cost, true, registry);
    }

    /**
     * @param background whether the workers run below the event loops' priority ({@link Niceness}).
     *                   False for a text encoder: its batches take milliseconds and its few workers
     *                   cannot crowd out the event loops, while at nice 10 each wake-up of a worker
     *                   waited behind any other work on the machine, and a Quarkus worker thread that
     *                   a worker started (Funqy handing the answer over) inherited nice 10 for life.
     *                   Only a foreground batcher lets a lone caller run its item on its own thread
     *                   while the model is idle ({@link BatcherSettings#callerRuns()})
     */
    public DynamicBatcher(
            String name,
            BatcherSettings settings,
            Supplier<BatchFunction<I, O>> functions,
            ToLongFunction<I> cost,
            boolean background,
            MeterRegistry registry) {
        this.name = name;
        this.settings = settings;
        this.cost = cost;
        CostBudget bytes = BatchAdmission.byteBudget(name, settings);
        BatcherMetrics metrics = new BatcherMetrics(name, registry, bytes);
        this.admission = new BatchAdmission(name, settings, bytes, metrics);
        this.queue = new BatchQueue<>(name, settings, admission, metrics);
        this.workers = new BatchWorkers<>(
                name, settings, queue, admission, metrics, functions, background, settings.callerRuns() && !background);
    }

    public BatcherSettings settings() {
        return settings;
    }

    /** The graph's name, as in the metrics' {@code model} tag: {@code <id>} or {@code <id>/<graph>}. */
    public String name() {
        return name;
    }

    /** Items waiting now. */
    public int queued() {
        return queue.size();
    }

    public CompletableFuture<O> submit(I item) {
        return submitAll(List.of(item)).get(0);
    }

    /**
     * Queues work that runs alone on one of the workers, admitted like any item: the queue's room,
     * {@code cost} bytes against the budget, the queue deadline, the drain and the terminate flag.
     *
     * @throws OverloadedException when it is not admitted
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submitAlone(long cost, Alone<T> work) {
        BatchEntry<I, O> entry =
                new BatchEntry<>(null, new CompletableFuture<>(), System.nanoTime(), cost, new AtomicBoolean(), work);
        return (CompletableFuture<T>) enqueue(List.of(entry), cost).get(0);
    }

    /**
     * Queues every item or none. The futures complete on a worker thread, in the order given; a
     * future cancelled while its item is queued takes the item out of the queue.
     *
     * @throws OverloadedException when the queue has no room for all of them
     */
    public List<CompletableFuture<O>> submitAll(List<I> items) {
        long now = System.nanoTime();
        AtomicBoolean served = new AtomicBoolean();
        List<BatchEntry<I, O>> entries = new ArrayList<>(items.size());
        long total = 0;
        for (I item : items) {
            long itemCost = cost.applyAsLong(item);
            total += itemCost;
            entries.add(new BatchEntry<>(item, new CompletableFuture<>(), now, itemCost, served, null));
        }
        return enqueue(entries, total);
    }

    private List<CompletableFuture<O>> enqueue(List<BatchEntry<I, O>> entries, long total) {
        // a lone item on an idle model runs here, without waking a worker and being woken by it
        BatchWorker<I, O> lessee = entries.size() == 1 && entries.get(0).alone() == null ? workers.leaseIfIdle() : null;
        if (lessee != null) {
            try {
                admission.admit(entries, total, () -> {});
                admission.leftQueue(1);
                lessee.runHere(entries.get(0));
            } finally {
                workers.release();
            }
            return List.of(entries.get(0).result());
        }
        admission.admit(entries, total, () -> queue.addAll(entries));
        List<CompletableFuture<O>> futures = new ArrayList<>(entries.size());
        for (BatchEntry<I, O> entry : entries) {
            entry.result().whenComplete((value, failure) -> {
                if (entry.abandoned()) {
                    queue.abandon(entry);
                }
            });
            futures.add(entry.result());
        }
        return futures;
    }

    /**
     * Drains for {@link BatcherSettings#drainMillis()}, then terminates; returns once no worker is
     * inside {@code session.run}. See {@link #close(long)}.
     */
    @Override
    public void close() {
        close(settings.drainMillis());
    }

    /**
     * Stops taking items, lets the workers finish every item already accepted for up to
     * {@code drainMillis}, then {@link #stop() stops} what is still going, and waits for every worker
     * to leave {@code session.run}. Only then may the sessions the workers use be closed.
     *
     * @return whether every accepted item ran (nothing had to be terminated or refused)
     */
    public boolean close(long drainMillis) {
        admission.drain();
        if (workers.awaitUntil(System.nanoTime() + drainMillis * 1_000_000L)) {
            Thread.currentThread().interrupt(); // interrupted: stop draining, terminate now
        }
        if (workers.alive()) {
            LOG.warning("model " + name + ": work still running after the drain of " + drainMillis
                    + " ms; terminating its runs");
            stop();
        }
        boolean interrupted = Thread.interrupted();
        interrupted |= workers.awaitAll();
        stopped |= queue.refuseAll("model " + name + " shut down");
        admission.close(workers::closeRunOptions);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !stopped;
    }

    /**
     * Stops now: new items are refused, ONNX Runtime's terminate flag is set on every worker's
     * runs (each stops at its next node and its callers get {@link OverloadedException}), and the
     * items still queued are refused. Does not wait: {@link #close} does. No-op once closed.
     */
    public void stop() {
        if (admission.stop(() -> {
            stopped = true;
            workers.terminate();
        })) {
            queue.refuseAll("model " + name + " is shutting down: this item did not run in time");
        }
    }

    /** Whether new items are taken now: false from the moment {@link #close} begins. */
    public boolean submitAllowed() {
        return admission.state() == BatchAdmission.State.OPEN;
    }

    /** Whether a worker is still alive: false once {@link #close} has returned. */
    public boolean running() {
        return workers.alive();
    }
}
