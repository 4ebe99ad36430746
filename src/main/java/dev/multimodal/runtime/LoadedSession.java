package dev.multimodal.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.logging.Logger;

/**
 * A session and the provider it actually runs on. Lives as long as the application.
 *
 * @param fallbackReason why CUDA was not used when it was asked for with {@code auto}; null otherwise
 */
public record LoadedSession(String modelId, OrtSession session, ExecutionProvider provider, String fallbackReason)
        implements AutoCloseable {

    /** Closes the session; a failure to free native memory at shutdown is logged, not thrown. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            Logger.getLogger(LoadedSession.class.getName()).warning("closing " + modelId + ": " + e);
        }
    }
}
