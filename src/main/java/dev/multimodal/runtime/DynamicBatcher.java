package dev.multimodal.runtime;

import dev.multimodal.refusal.OverloadedException;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.RunOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Coalesces items submitted concurrently for one model into batches, one {@code session.run} each.
 * <p>
 * A worker takes the oldest item and everything queued behind it, up to the maximum batch size.
 * When the previous batch left work behind (the model is under concurrent load) it also waits up to
 * the maximum queue delay, measured from the oldest item's arrival, for the batch to fill; a lone
 * caller is never delayed. The queue is bounded: a request whose items do not all fit is refused
 * whole with {@link OverloadedException}.
 * <p>
 * Admission is also by cost: the items queued or running may hold at most
 * {@link BatcherSettings#maxBytesInFlight()} bytes of input, and an item that waited in the queue
 * past {@link BatcherSettings#queueDeadlineMillis()} is refused instead of being run late.
 * <p>
 * Lifecycle: {@link #close()} first drains (no new items; every accepted item still runs) for
 * {@link BatcherSettings#drainMillis()}; then the runs still going are stopped through ONNX
 * Runtime's terminate flag on each worker's {@link RunOptions}, and close returns only once every
 * worker has left {@code session.run}, so the caller may close the sessions.
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

    /**
     * @param served shared by the items of one submission: set once any of them has been taken into a batch
     * @param alone  null for an item of a batch; else work that runs by itself and completes {@code result}
     */
    private record Pending<I, O>(I item, CompletableFuture<O> result, long enqueuedNanos, long cost,
                                 java.util.concurrent.atomic.AtomicBoolean served, Alone<?> alone) {
    }

    private enum State { OPEN, DRAINING, STOPPING, CLOSED }

    private static final java.util.Set<DynamicBatcher<?, ?>> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class.getName());

    private final String name;
    private final BatcherSettings settings;
    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Semaphore capacity;
    private final CostBudget bytes;
    private final ToLongFunction<I> cost;
    private final List<Thread> workers = new ArrayList<>();
    private final List<RunOptions> runOptions = new ArrayList<>();
    private final Object admission = new Object();
    private final DistributionSummary batchSize;
    private final Timer queueWait;
    private final Timer inferenceTime;
    private final Timer inferenceCpu;
    private final MeterRegistry registry;
    private volatile State state = State.OPEN;
    private volatile boolean stopped;

    /** A batcher whose items cost nothing: only their number is limited. */
    public DynamicBatcher(String name, BatcherSettings settings, Supplier<BatchFunction<I, O>> functions,
                          MeterRegistry registry) {
        this(name, settings, functions, item -> 0L, registry);
    }

    /**
     * @param cost the bytes of input one item holds while it is queued or running, counted against
     *             {@link BatcherSettings#maxBytesInFlight()}
     */
    public DynamicBatcher(String name, BatcherSettings settings, Supplier<BatchFunction<I, O>> functions,
                          ToLongFunction<I> cost, MeterRegistry registry) {
        this.name = name;
        this.settings = settings;
        this.cost = cost;
        this.registry = registry;
        this.capacity = new Semaphore(settings.queueCapacity());
        this.bytes = new CostBudget("model " + name, "bytes of input", "mmf.batch.max-bytes-in-flight",
                settings.maxBytesInFlight(), settings.retryAfterSeconds());
        this.batchSize = DistributionSummary.builder("mmf.batch.size")
                .description("Items per session.run").tag("model", name)
                .publishPercentileHistogram().register(registry);
        this.queueWait = Timer.builder("mmf.batch.queue.wait")
                .description("Time an item waited before its batch ran").tag("model", name)
                .publishPercentileHistogram().register(registry);
        this.inferenceTime = Timer.builder("mmf.inference.time")
                .description("Time of one batch: tensors, session.run and pooling").tag("model", name)
                .publishPercentileHistogram().register(registry);
        this.inferenceCpu = Timer.builder("mmf.inference.cpu")
                .description("CPU time of the worker thread for one batch (all of ONNX Runtime's work when it "
                        + "runs one intra-op thread, the default)").tag("model", name).register(registry);
        io.micrometer.core.instrument.Gauge.builder("mmf.batch.bytes.in.flight", bytes, CostBudget::inFlight)
                .description("Bytes of input queued or running").tag("model", name).register(registry);
        for (int i = 0; i < settings.workers(); i++) {
            BatchFunction<I, O> function = functions.get();
            RunOptions options = newRunOptions(name);
            runOptions.add(options);
            Thread worker = new Thread(() -> work(function, options), "batcher-" + name + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        LIVE.add(this);
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
        CompletableFuture<O> future = enqueue(List.of(new Pending<>(null, new CompletableFuture<>(), System.nanoTime(),
                cost, new java.util.concurrent.atomic.AtomicBoolean(), work)), cost).get(0);
        return (CompletableFuture<T>) future;
    }

    /**
     * Queues every item or none. The futures complete on a worker thread, in the order given.
     *
     * @throws OverloadedException when the queue has no room for all of them
     */
    public List<CompletableFuture<O>> submitAll(List<I> items) {
        long now = System.nanoTime();
        java.util.concurrent.atomic.AtomicBoolean served = new java.util.concurrent.atomic.AtomicBoolean();
        List<Pending<I, O>> pending = new ArrayList<>(items.size());
        long total = 0;
        for (I item : items) {
            long itemCost = cost.applyAsLong(item);
            total += itemCost;
            pending.add(new Pending<>(item, new CompletableFuture<>(), now, itemCost, served, null));
        }
        return enqueue(pending, total);
    }

    /** Queues every entry or none, if the queue has room for them and the budget for {@code total}. */
    private List<CompletableFuture<O>> enqueue(List<Pending<I, O>> pending, long total) {
        int count = pending.size();
        synchronized (admission) { // close() changes the state under the same lock: nothing is queued after it
            if (state != State.OPEN) {
                refused("shutdown");
                throw new OverloadedException("model " + name + " is shutting down", settings.retryAfterSeconds());
            }
            if (!capacity.tryAcquire(count)) {
                refused("queue-full");
                throw new OverloadedException("model " + name + " is overloaded: its queue of "
                        + settings.queueCapacity() + " items is full", settings.retryAfterSeconds());
            }
            if (!bytes.tryAcquire(total)) {
                capacity.release(count);
                refused("bytes");
                throw new OverloadedException("model " + name + " is overloaded: " + bytes.inFlight()
                        + " bytes of input are queued or running and this request needs " + total
                        + " more; the budget is " + bytes.capacity() + " (mmf.batch.max-bytes-in-flight)",
                        settings.retryAfterSeconds());
            }
            List<CompletableFuture<O>> futures = new ArrayList<>(pending.size());
            for (Pending<I, O> p : pending) {
                futures.add(p.result());
                queue.add(p);
            }
            return futures;
        }
    }

    private void refused(String reason) {
        Counter.builder("mmf.batch.refused").description("Requests refused with 503, by reason")
                .tag("model", name).tag("reason", reason).register(registry).increment();
    }

    private void work(BatchFunction<I, O> function, RunOptions options) {
        Niceness.background();
        List<Pending<I, O>> batch = new ArrayList<>(settings.maxBatchSize());
        List<I> items = new ArrayList<>(settings.maxBatchSize());
        boolean underLoad = false;
        while (state == State.OPEN || state == State.DRAINING && !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    underLoad = false;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.maxBatchSize() - 1);
                if (underLoad) {
                    fill(batch, first.enqueuedNanos() + settings.maxDelayMicros() * 1000L);
                }
                capacity.release(batch.size());
                if (expire(batch) || state == State.STOPPING) {
                    refuseAll(batch, "model " + name + " shut down before this item ran");
                    continue;
                }
                underLoad = runAlone(options, batch);
                if (!batch.isEmpty()) {
                    underLoad = run(function, options, batch, items);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
                items.clear();
            }
        }
    }

    private void fill(List<Pending<I, O>> batch, long deadline) throws InterruptedException {
        while (batch.size() < settings.maxBatchSize()) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            Pending<I, O> next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, settings.maxBatchSize() - batch.size());
        }
    }

    /**
     * Runs one batch and completes its callers.
     *
     * @return whether items arrived while it ran: other callers are active. Read before the
     * callers are completed, so that a lone caller's next request never counts as load.
     */
    /**
     * Refuses the items of the batch that waited past the queue deadline, so that a caller gets a
     * 503 it can retry elsewhere rather than an answer it stopped waiting for. A submission whose
     * serving has begun (one of its items ran, or is in this batch in time) is not cut off: its
     * later items wait behind its own earlier ones, and refusing them would waste that work.
     *
     * @return whether the batch is now empty
     */
    private boolean expire(List<Pending<I, O>> batch) {
        if (settings.queueDeadlineMillis() <= 0) {
            return false;
        }
        long now = System.nanoTime();
        long deadline = settings.queueDeadlineMillis() * 1_000_000L;
        batch.removeIf(p -> {
            long waited = now - p.enqueuedNanos();
            if (waited <= deadline || p.served().get()) {
                return false;
            }
            bytes.release(p.cost());
            refused("deadline");
            p.result().completeExceptionally(new OverloadedException("model " + name + " is overloaded: the item "
                    + "waited " + waited / 1_000_000 + " ms in its queue, past the deadline of "
                    + settings.queueDeadlineMillis() + " ms (mmf.batch.queue-deadline)", settings.retryAfterSeconds()));
            return true;
        });
        batch.forEach(p -> p.served().set(true));
        return batch.isEmpty();
    }

    /**
     * Takes the work that runs alone out of the batch and runs each piece, one after another.
     *
     * @return whether items arrived meanwhile
     */
    @SuppressWarnings("unchecked")
    private boolean runAlone(RunOptions options, List<Pending<I, O>> batch) {
        boolean any = false;
        for (Pending<I, O> p : batch) { // every batch passes here: no stream allocated for the common case
            any |= p.alone() != null;
        }
        if (!any) {
            return false;
        }
        List<Pending<I, O>> alone = new ArrayList<>();
        batch.removeIf(p -> p.alone() != null && alone.add(p));
        for (Pending<I, O> p : alone) {
            long start = System.nanoTime();
            long cpuStart = CpuClock.now();
            queueWait.record(start - p.enqueuedNanos(), TimeUnit.NANOSECONDS);
            Object value = null;
            Throwable failure = null;
            try {
                if (state == State.STOPPING) {
                    throw new OverloadedException("model " + name + " shut down before this request ran",
                            settings.retryAfterSeconds());
                }
                value = p.alone().run(options);
            } catch (Throwable e) {
                failure = e;
                if (state == State.STOPPING) { // terminated: the caller may retry elsewhere
                    LOG.log(Level.WARNING, "a run on model " + name + " stopped at shutdown: " + e);
                    failure = new OverloadedException("model " + name + " shut down before this request finished",
                            settings.retryAfterSeconds());
                }
            } finally {
                inferenceTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                inferenceCpu.record(CpuClock.now() - cpuStart, TimeUnit.NANOSECONDS);
                bytes.release(p.cost());
            }
            // the caller learns of the end only once its bytes are back, as with a batch
            CompletableFuture<Object> result = (CompletableFuture<Object>) p.result();
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        }
        return !queue.isEmpty();
    }

    private void refuseAll(List<Pending<I, O>> batch, String message) {
        for (Pending<I, O> p : batch) {
            bytes.release(p.cost());
            p.result().completeExceptionally(new OverloadedException(message, settings.retryAfterSeconds()));
        }
    }

    private boolean run(BatchFunction<I, O> function, RunOptions options, List<Pending<I, O>> batch,
                        List<I> items) {
        long start = System.nanoTime();
        long cpuStart = CpuClock.now();
        for (Pending<I, O> pending : batch) {
            items.add(pending.item());
            queueWait.record(start - pending.enqueuedNanos(), TimeUnit.NANOSECONDS);
        }
        batchSize.record(batch.size());
        List<O> outputs;
        try {
            outputs = function.apply(items, options);
            if (outputs.size() != batch.size()) {
                throw new IllegalStateException("batch of " + batch.size() + " gave " + outputs.size() + " outputs");
            }
        } catch (Throwable e) {
            if (state == State.STOPPING) {
                // terminated at shutdown: the callers may retry on another instance
                LOG.log(Level.WARNING, "batch of " + batch.size() + " on model " + name + " stopped at shutdown: " + e);
                Throwable stopped = new OverloadedException("model " + name + " shut down before this batch "
                        + "finished", settings.retryAfterSeconds());
                batch.forEach(p -> p.result().completeExceptionally(stopped));
            } else {
                LOG.log(Level.WARNING, "batch of " + batch.size() + " failed on model " + name, e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
            return !queue.isEmpty();
        } finally {
            inferenceTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            inferenceCpu.record(CpuClock.now() - cpuStart, TimeUnit.NANOSECONDS);
            batch.forEach(p -> bytes.release(p.cost()));
        }
        boolean othersWaiting = !queue.isEmpty();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outputs.get(i));
        }
        return othersWaiting;
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
        synchronized (admission) {
            if (state == State.OPEN) {
                state = State.DRAINING;
            }
        }
        long deadline = System.nanoTime() + drainMillis * 1_000_000L;
        for (Thread worker : workers) {
            long left = deadline - System.nanoTime();
            if (left > 0 && join(worker, Math.max(1, left / 1_000_000))) {
                Thread.currentThread().interrupt();
                break; // interrupted: stop draining, terminate now
            }
        }
        if (workers.stream().anyMatch(Thread::isAlive)) {
            LOG.warning("model " + name + ": work still running after the drain of " + drainMillis
                    + " ms; terminating its runs");
            stop();
        }
        boolean interrupted = Thread.interrupted();
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                // never give up here: the sessions must outlive every run that uses them
                interrupted |= join(worker, 5000);
                if (worker.isAlive()) {
                    LOG.warning("model " + name + ": still waiting for " + worker.getName() + " to leave session.run");
                }
            }
        }
        refuseQueued("model " + name + " shut down");
        synchronized (admission) {
            if (state != State.CLOSED) {
                state = State.CLOSED;
                runOptions.forEach(RunOptions::close);
            }
        }
        LIVE.remove(this);
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
        synchronized (admission) {
            if (state == State.CLOSED || state == State.STOPPING) {
                return;
            }
            state = State.STOPPING;
            stopped = true;
            for (RunOptions options : runOptions) {
                try {
                    options.setTerminate(true);
                } catch (OrtException e) {
                    LOG.warning("model " + name + ": could not set the terminate flag: " + e);
                }
            }
        }
        refuseQueued("model " + name + " is shutting down: this item did not run in time");
    }

    private void refuseQueued(String message) {
        Pending<I, O> left;
        while ((left = queue.poll()) != null) {
            stopped = true;
            capacity.release(1);
            bytes.release(left.cost());
            left.result().completeExceptionally(new OverloadedException(message, settings.retryAfterSeconds()));
        }
    }

    /**
     * At shutdown: every batcher alive now keeps serving the work it is given (the requests
     * already accepted, through all their stages) for {@code millis}, then is {@link #stop()
     * stopped}, so that each of those requests has an answer, a real one or a 503, before the
     * HTTP server's own grace period ends. Batchers created after this call are not touched.
     * Process-wide: for the packaged application at SIGTERM, where one application owns the JVM.
     */
    public static void stopAllAfter(long millis) {
        List<DynamicBatcher<?, ?>> now = List.copyOf(LIVE);
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.forEach(DynamicBatcher::stop);
        }, "batcher-drain-timer");
        timer.setDaemon(true);
        timer.start();
    }

    /** Whether new items are taken now: false from the moment {@link #close} begins. */
    public boolean submitAllowed() {
        return state == State.OPEN;
    }

    /** Whether a worker is still alive: false once {@link #close} has returned. */
    public boolean running() {
        return workers.stream().anyMatch(Thread::isAlive);
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

    private static RunOptions newRunOptions(String name) {
        try {
            RunOptions options = new RunOptions();
            options.setRunTag(name);
            return options;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not create run options for " + name, e);
        }
    }
}
