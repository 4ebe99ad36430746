package dev.multimodal.config;

import dev.multimodal.runtime.ExecutionProvider;
import dev.multimodal.runtime.OptimizationLevel;
import io.smallrye.config.WithDefault;

/** {@code mmf.runtime.*}: how ONNX Runtime sessions are built. */
public interface RuntimeConfig {
    /** auto (CUDA, else CPU), cuda (CUDA or fail) or cpu. */
    @WithDefault("auto")
    ExecutionProvider provider();

    @WithDefault("0")
    int cudaDevice();

    /** Threads inside one operator; 0 = the cores divided among the batch workers. */
    @WithDefault("0")
    int intraOpThreads();

    @WithDefault("1")
    int interOpThreads();

    /** Graph optimisation: none, basic, extended or all. */
    @WithDefault("all")
    OptimizationLevel optimizationLevel();

    /**
     * ONNX Runtime's memory pattern: plans kept per input shape. Off by default: OCR crops and
     * text batches come in ever new shapes, and with it on a service's RSS grew with every burst
     * (docs/benchmarks.md, "Hostile input").
     */
    @WithDefault("false")
    boolean memoryPattern();

    @WithDefault("true")
    boolean cpuArena();

    /**
     * A run whose inputs hold at least this many bytes (a batch of long texts, an image for the OCR
     * detector) gives the free regions of its session's CPU arena back to the system when it ends;
     * smaller runs keep them for the next. 0: never. Only with {@link #cpuArena()}.
     */
    @WithDefault("4194304")
    long arenaShrinkBytes();

    /** Let idle ONNX Runtime threads spin; off leaves the cores to HTTP and tokenisation. */
    @WithDefault("false")
    boolean allowSpinning();

    /**
     * Run the threads that do the heavy work (image, OCR and head model runs, image decoding, OCR stages)
     * at nice 10, below the HTTP event loops that answer probes and refuse overload (Linux; elsewhere
     * nothing changes). A text model's workers stay at the event loops' priority (see TextEncoder).
     */
    @WithDefault("true")
    boolean lowerPriority();

    /** Keep each CPU graph as optimised once beside its model file, and open that at later starts. */
    @WithDefault("true")
    boolean graphCache();
}
