package dev.multimodal.registry;

import dev.multimodal.config.BatchConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.config.ModelsConfig;
import dev.multimodal.config.RuntimeConfig;
import dev.multimodal.models.ChecksumMode;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.SessionSettings;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the model repository is loaded with, and its encoders built with, derived from
 * {@link MmfConfig} in one place: by {@link ModelService} at start-up and by {@link EarlyModels}
 * before Quarkus has started. Two plans are equal exactly when they would load the same sessions the
 * same way and build the same encoders ({@code batching}: {@code mmf.batch.*}; {@code warmUp}).
 */
public record LoadPlan(
        Path dir,
        Set<String> include,
        ChecksumMode checksums,
        SessionSettings sessions,
        BatcherSettings batching,
        boolean warmUp,
        boolean lowerPriority) {

    /** The same plan for other models: a plan that is not this one, for the tests. */
    public LoadPlan withInclude(Set<String> other) {
        return new LoadPlan(dir, Set.copyOf(other), checksums, sessions, batching, warmUp, lowerPriority);
    }

    public static LoadPlan of(MmfConfig config) {
        return of(config.models(), config.runtime(), config.batch());
    }

    /** The plan from the three groups it reads: Quarkus's, or {@link EarlyConfig}'s before Quarkus starts. */
    public static LoadPlan of(ModelsConfig models, RuntimeConfig rt, BatchConfig b) {
        int intraOpThreads = rt.intraOpThreads() > 0
                ? rt.intraOpThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, b.workers()));
        SessionSettings sessions = new SessionSettings(
                rt.provider(),
                rt.cudaDevice(),
                intraOpThreads,
                rt.interOpThreads(),
                rt.optimizationLevel(),
                rt.memoryPattern(),
                rt.cpuArena(),
                rt.allowSpinning(),
                rt.graphCache());
        BatcherSettings batching = new BatcherSettings(
                b.maxSize(),
                b.maxDelayMicros(),
                b.queueCapacity(),
                b.workers(),
                b.retryAfterSeconds(),
                b.maxBytesInFlight(),
                b.queueDeadline().toMillis(),
                b.drainTimeout().toMillis(),
                rt.cpuArena() ? rt.arenaShrinkBytes() : 0,
                b.callerRuns());
        return new LoadPlan(
                Path.of(models.dir()).toAbsolutePath().normalize(),
                Set.copyOf(models.include().orElse(Set.of())),
                ChecksumMode.of(models.verifyChecksums(), models.fullChecksums()),
                sessions,
                batching,
                models.warmUp(),
                rt.lowerPriority());
    }
}
