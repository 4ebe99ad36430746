package dev.multimodal.service;

import dev.multimodal.models.ChecksumMode;
import dev.multimodal.runtime.ExecutionProvider;
import dev.multimodal.runtime.SessionSettings;

import java.nio.file.Path;
import java.util.Set;

/**
 * What the model repository is loaded with, derived from {@link MmfConfig} in one place: by
 * {@link ModelService} at start-up and by {@link EarlyModels} before Quarkus has started. Two plans
 * are equal exactly when they would load the same sessions the same way.
 */
public record LoadPlan(Path dir, Set<String> include, ChecksumMode checksums, SessionSettings sessions) {

    public static LoadPlan of(MmfConfig config) {
        MmfConfig.Runtime rt = config.runtime();
        int intraOpThreads = rt.intraOpThreads() > 0 ? rt.intraOpThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, config.batch().workers()));
        SessionSettings sessions = new SessionSettings(ExecutionProvider.parse(rt.provider()), rt.cudaDevice(),
                intraOpThreads, rt.interOpThreads(), rt.optimizationLevel(), rt.memoryPattern(), rt.cpuArena(),
                rt.allowSpinning(), rt.graphCache());
        return new LoadPlan(Path.of(config.models().dir()).toAbsolutePath().normalize(),
                Set.copyOf(config.models().include().orElse(Set.of())),
                ChecksumMode.of(config.models().verifyChecksums(), config.models().fullChecksums()), sessions);
    }
}
