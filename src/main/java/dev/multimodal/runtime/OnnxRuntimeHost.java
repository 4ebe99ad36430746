package dev.multimodal.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The one {@link OrtEnvironment} of the process, and the place where sessions are opened with an
 * execution provider chosen by {@link SessionSettings}: {@code auto} tries CUDA, then CPU.
 */
public final class OnnxRuntimeHost {

    private static final Logger LOG = Logger.getLogger(OnnxRuntimeHost.class.getName());

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

    public OrtEnvironment environment() {
        return environment;
    }

    /** True when this ONNX Runtime build carries the CUDA provider (the onnxruntime_gpu jar). */
    public static boolean cudaBuild() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /**
     * Opens a session on the model file. With {@code AUTO}, a CUDA failure (CPU-only jar, no driver,
     * no device) is logged and the session is opened on CPU; with {@code CUDA} it is an error.
     */
    public LoadedSession open(String modelId, Path modelFile, SessionSettings settings) throws OrtException {
        if (settings.provider() != ExecutionProvider.CPU) {
            try {
                OrtSession session = create(modelFile, settings, true);
                LOG.info(() -> "model " + modelId + ": running on CUDA device " + settings.cudaDevice());
                return new LoadedSession(modelId, session, ExecutionProvider.CUDA, null);
            } catch (OrtException | RuntimeException | LinkageError e) {
                if (settings.provider() == ExecutionProvider.CUDA) {
                    throw new OrtException("model " + modelId + ": the CUDA provider was required "
                            + "(mmf.runtime.provider=cuda) but could not start: " + e.getMessage()
                            + ". Use provider auto or cpu, or run on a host with CUDA 12 and cuDNN 9 "
                            + "with the gpu build profile.");
                }
                String reason = e.getMessage();
                LOG.info(() -> "model " + modelId + ": CUDA unavailable (" + reason + "), running on CPU");
                return new LoadedSession(modelId, create(modelFile, settings, false), ExecutionProvider.CPU, reason);
            }
        }
        return new LoadedSession(modelId, create(modelFile, settings, false), ExecutionProvider.CPU, null);
    }

    private OrtSession create(Path modelFile, SessionSettings settings, boolean cuda) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(settings.optLevel());
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            options.setMemoryPatternOptimization(settings.memoryPattern());
            options.setCPUArenaAllocator(settings.cpuArena());
            options.addConfigEntry("session.intra_op.allow_spinning", settings.allowSpinning() ? "1" : "0");
            if (cuda) {
                if (!cudaBuild()) {
                    throw new OrtException("this ONNX Runtime build has no CUDA provider (CPU jar on the classpath)");
                }
                options.addCUDA(settings.cudaDevice());
            }
            return environment.createSession(modelFile.toString(), options);
        }
    }
}
