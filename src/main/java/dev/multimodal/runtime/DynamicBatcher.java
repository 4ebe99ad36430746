package dev.multimodal.runtime;

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
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

    /** Runs one batch; owned by one worker thread, so it may reuse its buffers between calls. */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        List<O> apply(List<I> items) throws Exception;
    }

    private record Pending<I, O>(I item, CompletableFuture<O> result, long enqueuedNanos) {
    }

    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class.getName());

    private final String name;
    private final BatcherSettings settings;
    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Semaphore capacity;
    private final List<Thread> workers = new ArrayList<>();
    private final DistributionSummary batchSize;
    private final Timer queueWait;
    private final Timer inferenceTime;
    private final Timer inferenceCpu;
    private volatile boolean open = true;

    public DynamicBatcher(String name, BatcherSettings settings, Supplier<BatchFunction<I, O>> functions,
                          MeterRegistry registry) {
        this.name = name;
        this.settings = settings;
        this.capacity = new Semaphore(settings.queueCapacity());
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
        for (int i = 0; i < settings.workers(); i++) {
            BatchFunction<I, O> function = functions.get();
            Thread worker = new Thread(() -> work(function), "batcher-" + name + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    public BatcherSettings settings() {
        return settings;
    }

    /** Items waiting now. */
    public int queued() {
        return queue.size();
    }

    public CompletableFuture<O> submit(I item) {
        return submitAll(List.of(item)).get(0);
    }

    /**
     * Queues every item or none. The futures complete on a worker thread, in the order given.
     *
     * @throws OverloadedException when the queue has no room for all of them
     */
    public List<CompletableFuture<O>> submitAll(List<I> items) {
        if (!open) {
            throw new OverloadedException("model " + name + " is shutting down", settings.retryAfterSeconds());
        }
        if (!capacity.tryAcquire(items.size())) {
            throw new OverloadedException("model " + name + " is overloaded: its queue of "
                    + settings.queueCapacity() + " items is full", settings.retryAfterSeconds());
        }
        long now = System.nanoTime();
        List<CompletableFuture<O>> futures = new ArrayList<>(items.size());
        for (I item : items) {
            CompletableFuture<O> future = new CompletableFuture<>();
            futures.add(future);
            queue.add(new Pending<>(item, future, now));
        }
        return futures;
    }

    private void work(BatchFunction<I, O> function) {
        List<Pending<I, O>> batch = new ArrayList<>(settings.maxBatchSize());
        List<I> items = new ArrayList<>(settings.maxBatchSize());
        boolean underLoad = false;
        while (open) {
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
                underLoad = run(function, batch, items);
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
    private boolean run(BatchFunction<I, O> function, List<Pending<I, O>> batch, List<I> items) {
        long start = System.nanoTime();
        long cpuStart = CpuClock.now();
        for (Pending<I, O> pending : batch) {
            items.add(pending.item());
            queueWait.record(start - pending.enqueuedNanos(), TimeUnit.NANOSECONDS);
        }
        batchSize.record(batch.size());
        List<O> outputs;
        try {
            outputs = function.apply(items);
            if (outputs.size() != batch.size()) {
                throw new IllegalStateException("batch of " + batch.size() + " gave " + outputs.size() + " outputs");
            }
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "batch of " + batch.size() + " failed on model " + name, e);
            batch.forEach(p -> p.result().completeExceptionally(e));
            return !queue.isEmpty();
        } finally {
            inferenceTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            inferenceCpu.record(CpuClock.now() - cpuStart, TimeUnit.NANOSECONDS);
        }
        boolean othersWaiting = !queue.isEmpty();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outputs.get(i));
        }
        return othersWaiting;
    }

    /** Stops the workers; items still queued fail with {@link OverloadedException}. */
    @Override
    public void close() {
        open = false;
        workers.forEach(Thread::interrupt);
        for (Thread worker : workers) {
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending<I, O> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(
                    new OverloadedException("model " + name + " shut down", settings.retryAfterSeconds()));
        }
    }
}
