package dev.multimodal.startup;

import dev.multimodal.config.MmfConfig;
import dev.multimodal.registry.ModelService;
import dev.multimodal.service.RequestCancellation;
import dev.multimodal.settings.Keys;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import sun.misc.Signal;

/**
 * SIGTERM (and SIGINT) start Quarkus's own orderly stop, instead of the JVM's default of running
 * every shutdown hook at once. ONNX Runtime's Java binding registers a hook that releases its
 * native environment; run beside Quarkus's hook, it freed the environment while a batcher worker
 * was still inside {@code session.run}: a SIGSEGV in libonnxruntime.so on every busy scale-down.
 * Here the application drains and closes its sessions first (see {@code DrainGate} and
 * {@code ModelService.stop}); only then does the JVM exit and that hook run, with nothing left
 * using the environment.
 * <p>
 * The drain itself: from the signal, the models serve the requests already accepted for
 * {@code mmf.batch.drain-timeout}; then their runs are terminated and what is left is refused
 * with 503, so that every accepted request has its answer before {@code quarkus.shutdown.timeout}
 * ends and the HTTP server closes. Hence the drain timeout must be the shorter of the two.
 */
@ApplicationScoped
public class TerminationSignal {

    private static final Logger LOG = Logger.getLogger(TerminationSignal.class.getName());

    private final AtomicBoolean stopping = new AtomicBoolean();

    @Inject
    MmfConfig config;

    @Inject
    ModelService models;

    @Inject
    RequestCancellation requests;

    void install(@Observes StartupEvent event) {
        Duration http = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.shutdown.timeout", Duration.class)
                .orElse(Duration.ZERO);
        if (config.batch().drainTimeout().compareTo(http) >= 0) {
            LOG.warning(String.format(
                    Keys.BATCH_DRAIN_TIMEOUT + " (%s) is not below quarkus.shutdown.timeout (%s): at SIGTERM the "
                            + "HTTP server may close before the models have answered every accepted request",
                    config.batch().drainTimeout(),
                    http));
        }
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return; // tests and dev mode stop the application themselves
        }
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), this::stop);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.warning("SIG" + name + " keeps the JVM's default handling (" + e.getMessage()
                        + "): a stop may not drain");
            }
        }
    }

    /** The signal has come (Quarkus's pre-shutdown step): the models' drain clock starts now. */
    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL) { // tests share a JVM with other applications' batchers
            long millis = config.batch().drainTimeout().toMillis();
            models.stopBatchersAfter(millis);
            // work off the batchers (decoding a clip, Sphinx4 on a segment) is answered 503 then too
            models.after(millis, () -> requests.stopAll(STOPPING));
        }
    }

    /** What a request still in flight at the end of the drain is told. */
    static final String STOPPING = "the service is stopping; send it again (another instance will take it)";

    private void stop(Signal signal) {
        if (stopping.compareAndSet(false, true)) {
            LOG.info("SIG" + signal.getName() + ": stopping gracefully");
            Quarkus.asyncExit(0);
        }
    }
}
