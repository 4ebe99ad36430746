package dev.multimodal.registry;

import dev.multimodal.audio.SpeechRecognizer;
import dev.multimodal.audio.VoiceActivityDetector;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.FiniteOutputs;
import dev.multimodal.settings.Keys;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEncoder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The models' lifecycle in the service: at start-up it takes what {@link ModelLoader} loaded (early,
 * or now), marks each model READY or FAILED, and fills the {@link EncoderRegistry} that answers which
 * encoder serves a request (its lookups are repeated here for the use cases); a model whose output
 * turns non-finite is marked FAILED; at shutdown it drains the batchers and closes the sessions last.
 */
@ApplicationScoped
public class ModelService {

    private static final Logger LOG = Logger.getLogger(ModelService.class.getName());

    @Inject
    MmfConfig config;

    @Inject
    MeterRegistry registry;

    private boolean earlyLoaded;
    private EncoderRegistry encoders;
    private ModelRepository repository;

    void start(@Observes StartupEvent event) {
        FiniteOutputs.onFault(this::outOfService);
        LoadPlan plan = LoadPlan.of(config);
        ModelLoader.Loaded loaded = ModelLoader.takeEarly(plan);
        if (loaded != null) {
            earlyLoaded = true;
            if (loaded.meters() instanceof CompositeMeterRegistry early) {
                early.add(registry); // the early encoders' meters, from now on in Quarkus's registry
            }
        } else {
            loaded = ModelLoader.load(plan, registry);
        }
        repository = loaded.repository();
        encoders = new EncoderRegistry(config, () -> repository);
        for (ModelRepository.LoadedModel model : repository.loaded()) {
            String id = model.manifest().id();
            try {
                ModelLoader.Prepared prepared = loaded.encoders().get(id);
                if (prepared.failure() != null) {
                    throw prepared.failure();
                }
                encoders.register(id, prepared.built());
                String provider = model.providerLabel();
                Gauge.builder("mmf.model.provider", () -> 1)
                        .tag("model", id)
                        .tag("provider", provider)
                        .description("1 for the execution provider each model runs on")
                        .register(registry);
                repository.markReady(id);
                LOG.info("model " + id + " " + model.manifest().version() + " ("
                        + model.manifest().family() + ") ready on " + provider);
            } catch (ManifestException e) {
                LOG.severe(e.getMessage());
                repository.markFailed(e);
            } catch (Exception e) {
                ManifestException failure = new ManifestException(
                        id, "model", "warm-up failed: " + EncoderFactory.reason(e), "see the log");
                LOG.log(Level.SEVERE, failure.getMessage(), e);
                repository.markFailed(failure);
            }
        }
        encoders.addOcrText();
    }

    /**
     * A model that computed NaN or an infinity for a request ({@link FiniteOutputs}) is FAILED from
     * then on: readiness DOWN, naming it and why. Its requests keep failing with a 503 of their own.
     */
    private void outOfService(String graph, String problem) {
        String id = graph.contains("/") ? graph.substring(0, graph.indexOf('/')) : graph; // "<id>/<graph>" too
        ModelRepository models = repository;
        if (models != null) {
            LOG.severe("model " + id + " " + problem + "; marked FAILED");
            models.markFailed(new ManifestException(
                    id,
                    "output",
                    problem,
                    "verify its files (" + Keys.MODELS_FULL_CHECKSUMS + "=true) and restart; see docs/integrity.md"));
        }
    }

    /**
     * At shutdown: every batcher of the loaded models keeps serving the work it is given (the
     * requests already accepted, through all their stages) for {@code millis}, then is stopped, so
     * that each of those requests has an answer, a real one or a 503, before the HTTP server's own
     * grace period ends. The registry owns the batchers, so it alone stops them.
     */
    public void stopBatchersAfter(long millis) {
        List<DynamicBatcher<?, ?>> now = encoders.batchers();
        after(millis, () -> now.forEach(DynamicBatcher::stop));
    }

    /** Runs {@code action} on a daemon thread of its own, {@code millis} from now: the drain's clock. */
    public void after(long millis, Runnable action) {
        Thread timer = new Thread(
                () -> {
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    action.run();
                },
                "drain-timer");
        timer.setDaemon(true);
        timer.start();
    }

    /**
     * Each close drains its batchers and returns only once no worker is inside session.run, so the
     * sessions are closed last. Upstream models first: their last items may still feed the others.
     */
    void stop(@Observes ShutdownEvent event) {
        FiniteOutputs.onFault(null);
        if (encoders != null) {
            encoders.closeAll();
        }
        if (repository != null) {
            repository.close();
        }
    }

    /**
     * The models of a tool beside the service (train-head), which loaded them itself: the same
     * registry of encoders, with the same defaults, for the use cases the tool builds over it. The
     * tool closes the encoders and the repository.
     */
    public static ModelService of(
            MmfConfig config, ModelRepository repository, Map<String, EncoderFactory.Built> built) {
        ModelService service = new ModelService();
        service.config = config;
        service.repository = repository;
        service.encoders = new EncoderRegistry(config, () -> repository);
        built.forEach(service.encoders::register);
        service.encoders.addOcrText();
        return service;
    }

    public ModelRepository repository() {
        return repository;
    }

    /** Whether the models were loaded early ({@link ModelLoader#takeEarly}) while Quarkus started. */
    public boolean earlyLoaded() {
        return earlyLoaded;
    }

    /** The encoders of the loaded models, and which one serves a request. */
    public EncoderRegistry encoders() {
        return encoders;
    }

    /** The batcher of one loaded graph, by its name in the metrics ({@code <id>} or {@code <id>/<graph>}). */
    public Optional<DynamicBatcher<?, ?>> batcher(String name) {
        return encoders.batcher(name);
    }

    public TextEncoder textEncoder(String requested) {
        return encoders.textEncoder(requested);
    }

    public Map<String, TextEncoder> textEncoders() {
        return encoders.textEncoders();
    }

    public Map<String, ImageEncoder> imageEncoders() {
        return encoders.imageEncoders();
    }

    public ImageEncoder imageEncoder(String requested) {
        return encoders.imageEncoder(requested);
    }

    public HeadModel head(String requested) {
        return encoders.head(requested);
    }

    public TextEncoder textEncoderInSpace(String space, String field) {
        return encoders.textEncoderInSpace(space, field);
    }

    public Optional<ImageEncoder> imageEncoderInSpace(String space) {
        return encoders.imageEncoderInSpace(space);
    }

    public OcrEngine ocrEngine(String requested) {
        return encoders.ocrEngine(requested);
    }

    public VoiceActivityDetector vad(String field) {
        return encoders.vad(field);
    }

    public SpeechRecognizer recognizer(String requested) {
        return encoders.recognizer(requested);
    }
}
