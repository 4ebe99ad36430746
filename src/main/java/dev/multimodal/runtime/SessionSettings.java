package dev.multimodal.runtime;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * How a session is built: execution provider, threads, graph optimisation, memory pattern and arena.
 *
 * @param intraOpThreads 0 lets ONNX Runtime use one thread per core
 * @param allowSpinning  let idle intra-op threads spin for work: lowest latency on a dedicated
 *                       machine, stolen CPU where the same cores also parse HTTP and tokenise
 * @param graphCache     on CPU, keep each graph as optimised once beside the model file and open
 *                       that copy with optimisation off at later starts (see {@link OptimizedGraphs})
 */
public record SessionSettings(
        ExecutionProvider provider,
        int cudaDevice,
        int intraOpThreads,
        int interOpThreads,
        OptimizationLevel optimizationLevel,
        boolean memoryPattern,
        boolean cpuArena,
        boolean allowSpinning,
        boolean graphCache) {

    /** Settings with the optimised-graph cache on. */
    public SessionSettings(
            ExecutionProvider provider,
            int cudaDevice,
            int intraOpThreads,
            int interOpThreads,
            OptimizationLevel optimizationLevel,
            boolean memoryPattern,
            boolean cpuArena,
            boolean allowSpinning) {
        this(
                provider,
                cudaDevice,
                intraOpThreads,
                interOpThreads,
                optimizationLevel,
                memoryPattern,
                cpuArena,
                allowSpinning,
                true);
    }

    public static SessionSettings cpuDefaults() {
        return new SessionSettings(ExecutionProvider.CPU, 0, 0, 1, OptimizationLevel.ALL, true, true, false);
    }

    public SessionSettings withProvider(ExecutionProvider other) {
        return new SessionSettings(
                other,
                cudaDevice,
                intraOpThreads,
                interOpThreads,
                optimizationLevel,
                memoryPattern,
                cpuArena,
                allowSpinning,
                graphCache);
    }

    public SessionSettings withGraphCache(boolean on) {
        return new SessionSettings(
                provider,
                cudaDevice,
                intraOpThreads,
                interOpThreads,
                optimizationLevel,
                memoryPattern,
                cpuArena,
                allowSpinning,
                on);
    }

    OptLevel optLevel() {
        return optimizationLevel.ort();
    }
}
