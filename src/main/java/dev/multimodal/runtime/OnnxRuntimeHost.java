package dev.multimodal.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.multimodal.settings.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The one {@link OrtEnvironment} of the process, and the place where sessions are opened with an
 * execution provider chosen by {@link SessionSettings}: {@code auto} tries CUDA, then CPU.
 */
public final class OnnxRuntimeHost {

    private static final Logger LOG = Logger.getLogger(OnnxRuntimeHost.class.getName());

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final AtomicInteger graphCacheHits = new AtomicInteger();

    public OrtEnvironment environment() {
        return environment;
    }

    /** How many sessions this host opened from a saved optimised graph. */
    public int graphCacheHits() {
        return graphCacheHits.get();
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
                            + "(" + Keys.RUNTIME_PROVIDER + "=cuda) but could not start: " + e.getMessage()
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
        if (!cuda && settings.graphCache() && settings.optLevel() != OptLevel.NO_OPT) {
            OrtSession cached = fromGraphCache(modelFile, settings);
            if (cached != null) {
                return cached;
            }
        }
        return create(modelFile, settings, cuda, settings.optLevel(), null);
    }

    /**
     * Opens the optimised copy of the graph with optimisation off, or optimises the source graph and
     * saves it for next time. Null when neither works (a folder we cannot write, say): the caller then
     * opens the source as usual.
     */
    private OrtSession fromGraphCache(Path modelFile, SessionSettings settings) {
        Path cache;
        try {
            cache = OptimizedGraphs.cacheFile(
                    modelFile, environment.getVersion(), settings.optLevel().name());
        } catch (IOException e) {
            return null;
        }
        DigestStamps.removeStalePartials(modelFile);
        if (Files.isRegularFile(cache)) {
            String problem = OptimizedGraphs.problem(cache);
            if (problem == null) {
                try {
                    OrtSession session = create(cache, settings, false, OptLevel.NO_OPT, null);
                    graphCacheHits.incrementAndGet();
                    return session;
                } catch (OrtException | RuntimeException e) {
                    problem = "does not open (" + e.getMessage() + ")";
                }
            }
            LOG.warning("the optimised graph " + cache + " " + problem + "; rebuilding it from " + modelFile);
            OptimizedGraphs.remove(cache);
        }
        if (!Files.isWritable(modelFile.getParent())) {
            return null;
        }
        Path partial = DigestStamps.partialFile(cache);
        try {
            OrtSession session = create(modelFile, settings, false, settings.optLevel(), partial);
            try {
                OptimizedGraphs.commit(partial, cache);
                OptimizedGraphs.removeStale(modelFile);
                LOG.info(
                        () -> "saved the optimised graph of " + modelFile.getFileName() + " as " + cache.getFileName());
            } catch (IOException e) {
                LOG.info(() -> "cannot keep the optimised graph of " + modelFile + " (" + e.getMessage() + ")");
                OptimizedGraphs.remove(cache);
            }
            return session;
        } catch (OrtException | RuntimeException e) {
            LOG.info(() -> "cannot save the optimised graph of " + modelFile + " (" + e.getMessage() + ")");
            return null;
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // removed at the next start (DigestStamps.removeStalePartials)
            }
        }
    }

    private OrtSession create(Path modelFile, SessionSettings settings, boolean cuda, OptLevel level, Path saveTo)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(level);
            if (saveTo != null) {
                options.setOptimizedModelFilePath(saveTo.toString());
            }
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
