package dev.multimodal.runtime;

import dev.multimodal.settings.Keys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The meters of one batcher, tagged with its graph's name. */
final class BatcherMetrics {

    private final String name;
    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer queueWait;
    private final Timer inferenceTime;
    private final Timer inferenceCpu;
    private final Counter cancelled;
    private final Counter callerRuns;

    BatcherMetrics(String name, MeterRegistry registry, CostBudget bytes) {
        this.name = name;
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("mmf.batch.size")
                .description("Items per session.run")
                .tag("model", name)
                .publishPercentileHistogram()
                .register(registry);
        this.queueWait = Timer.builder("mmf.batch.queue.wait")
                .description("Time an item waited before its batch ran")
                .tag("model", name)
                .publishPercentileHistogram()
                .register(registry);
        this.inferenceTime = Timer.builder("mmf.inference.time")
                .description("Time of one batch: tensors, session.run and pooling")
                .tag("model", name)
                .publishPercentileHistogram()
                .register(registry);
        this.inferenceCpu = Timer.builder("mmf.inference.cpu")
                .description("CPU time of the worker thread for one batch (all of ONNX Runtime's work when it "
                        + "runs one intra-op thread, the default)")
                .tag("model", name)
                .register(registry);
        this.cancelled = Counter.builder("mmf.batch.cancelled")
                .description("Queued items dropped because their caller had gone")
                .tag("model", name)
                .register(registry);
        this.callerRuns = Counter.builder("mmf.batch.caller.runs")
                .description("Lone items run on the thread that received them, the model being idle ("
                        + Keys.BATCH_CALLER_RUNS + "); each is also a run of one in the batch sizes")
                .tag("model", name)
                .register(registry);
        Gauge.builder("mmf.batch.bytes.in.flight", bytes, CostBudget::inFlight)
                .description("Bytes of input queued or running")
                .tag("model", name)
                .register(registry);
    }

    void waited(long enqueuedNanos, long startNanos) {
        queueWait.record(startNanos - enqueuedNanos, TimeUnit.NANOSECONDS);
    }

    void batch(int size) {
        batchSize.record(size);
    }

    void ran(long wallNanos, long cpuNanos) {
        inferenceTime.record(wallNanos, TimeUnit.NANOSECONDS);
        inferenceCpu.record(cpuNanos, TimeUnit.NANOSECONDS);
    }

    void callerRan() {
        callerRuns.increment();
    }

    void cancelled() {
        cancelled.increment();
    }

    void refused(String reason) {
        Counter.builder("mmf.batch.refused")
                .description("Requests refused with 503, by reason")
                .tag("model", name)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
