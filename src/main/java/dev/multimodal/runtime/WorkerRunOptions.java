package dev.multimodal.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.RunOptions;
import java.util.logging.Logger;

/**
 * One batch worker's {@link RunOptions}: the plain ones, and, where the settings ask for it, a second
 * set that has ONNX Runtime give its CPU arena's free regions back to the system at the end of the
 * run ({@code memory.enable_memory_arena_shrinkage}). A run whose inputs hold at least
 * {@link BatcherSettings#arenaShrinkBytes()}, with nothing queued behind it, takes the second:
 * without it, a session's arena keeps what its largest run ever needed (a batch of 256-token texts,
 * a 4 MP page for the OCR detector) for the process's life, and several sessions' peaks add up in
 * one pod. Small runs keep the arena warm.
 * Both sets carry the terminate flag at shutdown.
 */
final class WorkerRunOptions implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerRunOptions.class.getName());

    /** ONNX Runtime's run option key (onnxruntime_run_options_config_keys.h). */
    static final String SHRINK_KEY = "memory.enable_memory_arena_shrinkage";

    /** The run tag's suffix on the shrinking set, so that a log line or a test can tell them apart. */
    static final String SHRINK_TAG = "/shrink-arena";

    private final String name;
    private final RunOptions plain;
    private final RunOptions shrinking;
    private final long shrinkBytes;

    WorkerRunOptions(String name, long shrinkBytes) {
        this.name = name;
        this.shrinkBytes = shrinkBytes;
        this.plain = create(name, false);
        this.shrinking = shrinkBytes > 0 ? create(name + SHRINK_TAG, true) : null;
    }

    /** The options for a run whose items hold {@code inputBytes} of input. */
    RunOptions forInput(long inputBytes) {
        return shrinking != null && inputBytes >= shrinkBytes ? shrinking : plain;
    }

    /** Sets the terminate flag on both sets: a run stops at its next node. */
    void terminate() {
        terminate(plain);
        if (shrinking != null) {
            terminate(shrinking);
        }
    }

    @Override
    public void close() {
        plain.close();
        if (shrinking != null) {
            shrinking.close();
        }
    }

    private void terminate(RunOptions options) {
        try {
            options.setTerminate(true);
        } catch (OrtException e) {
            LOG.warning("model " + name + ": could not set the terminate flag: " + e);
        }
    }

    private static RunOptions create(String tag, boolean shrink) {
        try {
            RunOptions options = new RunOptions();
            options.setRunTag(tag);
            if (shrink) {
                options.addRunConfigEntry(SHRINK_KEY, "cpu:0");
            }
            return options;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not create run options for " + tag, e);
        }
    }
}
