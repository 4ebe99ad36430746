package dev.multimodal.functions;

import dev.multimodal.encode.Overflow;
import dev.multimodal.encode.TextEncoder;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.ExecutionProvider;
import dev.multimodal.runtime.InputException;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Loads the model repository at start-up, builds an encoder per model, warms each one up, and
 * answers which encoder serves a request.
 */
@ApplicationScoped
public class ModelService {

    private static final Logger LOG = Logger.getLogger(ModelService.class);

    @Inject
    MmfConfig config;

    @Inject
    MeterRegistry registry;

    private final OnnxRuntimeHost host = new OnnxRuntimeHost();
    private final Map<String, TextEncoder> textEncoders = new LinkedHashMap<>();
    private ModelRepository repository;

    void start(@Observes StartupEvent event) {
        MmfConfig.Runtime rt = config.runtime();
        MmfConfig.Batch b = config.batch();
        int intraOpThreads = rt.intraOpThreads() > 0 ? rt.intraOpThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, b.workers()));
        SessionSettings settings = new SessionSettings(ExecutionProvider.parse(rt.provider()), rt.cudaDevice(),
                intraOpThreads, rt.interOpThreads(), rt.optimizationLevel(), rt.memoryPattern(), rt.cpuArena(),
                rt.allowSpinning());
        BatcherSettings batching = new BatcherSettings(b.maxSize(), b.maxDelayMicros(), b.queueCapacity(), b.workers(),
                b.retryAfterSeconds());
        Path dir = Path.of(config.models().dir());
        repository = ModelRepository.load(dir, config.models().include().orElse(Set.of()),
                config.models().verifyChecksums(), host, settings);
        for (ModelRepository.LoadedModel model : repository.loaded()) {
            String id = model.manifest().id();
            try {
                TextEncoder encoder = new TextEncoder(model, host.environment(), batching, registry);
                if (config.models().warmUp()) {
                    encoder.encode(List.of("warm-up"), Overflow.TRUNCATE).get(60, TimeUnit.SECONDS);
                }
                textEncoders.put(id, encoder);
                String provider = model.session().provider().label();
                Gauge.builder("mmf.model.provider", () -> 1).tag("model", id).tag("provider", provider)
                        .description("1 for the execution provider each model runs on").register(registry);
                repository.markReady(id);
                LOG.infof("model %s %s ready on %s", id, model.manifest().version(), provider);
            } catch (ManifestException e) {
                LOG.error(e.getMessage());
                repository.markFailed(e);
            } catch (Exception e) {
                ManifestException failure = new ManifestException(id, "model", "warm-up failed: " + e, "see the log");
                LOG.error(failure.getMessage(), e);
                repository.markFailed(failure);
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        textEncoders.values().forEach(TextEncoder::close);
        if (repository != null) {
            repository.close();
        }
    }

    public ModelRepository repository() {
        return repository;
    }

    /** The encoder for {@code requested}, or the default one; a 422 naming the field otherwise. */
    public TextEncoder textEncoder(String requested) {
        String id = requested != null ? requested : defaultTextModel();
        TextEncoder encoder = textEncoders.get(id);
        if (encoder != null) {
            return encoder;
        }
        if (requested == null) {
            throw new InputException(503, "model", "the default text model '" + id + "' is not loaded; "
                    + "see /q/health/ready");
        }
        boolean known = repository.statuses().stream().anyMatch(s -> s.id().equals(requested));
        throw InputException.unprocessable("model", known
                ? "model '" + requested + "' failed to load; see /q/health/ready"
                : "unknown model '" + requested + "'; text models: " + textEncoders.keySet());
    }

    /** The fp32 model where it runs on CUDA, the int8 one otherwise. */
    private String defaultTextModel() {
        String cuda = config.text().defaultModelCuda();
        boolean onCuda = textEncoders.containsKey(cuda) && repository.get(cuda)
                .map(m -> m.session().provider() == ExecutionProvider.CUDA).orElse(false);
        return onCuda ? cuda : config.text().defaultModel();
    }

    public Map<String, TextEncoder> textEncoders() {
        return textEncoders;
    }
}
