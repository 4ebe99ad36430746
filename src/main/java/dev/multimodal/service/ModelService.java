package dev.multimodal.service;

import dev.multimodal.audio.SpeechRecognizer;
import dev.multimodal.audio.VoiceActivityDetector;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelFamily;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrTextEncoder;
import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.ExecutionProvider;
import dev.multimodal.runtime.FiniteOutputs;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEncoder;
import dev.multimodal.vision.VisionEncoder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Loads the model repository at start-up, builds the encoders of each model by family (a clip
 * model gives a text and an image encoder in one space; an ocr model with the default text model
 * gives {@code ocr-text}), warms each one up, and answers which encoder serves a request.
 */
@ApplicationScoped
public class ModelService {

    private static final Logger LOG = Logger.getLogger(ModelService.class);

    @Inject
    MmfConfig config;

    @Inject
    MeterRegistry registry;

    private boolean earlyLoaded;
    private final Map<String, TextEncoder> textEncoders = new LinkedHashMap<>();
    private final Map<String, ImageEncoder> imageEncoders = new LinkedHashMap<>();
    private final Map<String, OcrEngine> ocrEngines = new LinkedHashMap<>();
    private final Map<String, HeadModel> heads = new LinkedHashMap<>();
    private final Map<String, VoiceActivityDetector> vads = new LinkedHashMap<>();
    private final Map<String, SpeechRecognizer> recognizers = new LinkedHashMap<>();
    private final Map<String, DynamicBatcher<?, ?>> batchers = new ConcurrentHashMap<>();
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
        for (ModelRepository.LoadedModel model : repository.loaded()) {
            String id = model.manifest().id();
            try {
                ModelLoader.Prepared prepared = loaded.encoders().get(id);
                if (prepared.failure() != null) {
                    throw prepared.failure();
                }
                register(id, prepared.built());
                String provider = model.providerLabel();
                Gauge.builder("mmf.model.provider", () -> 1)
                        .tag("model", id)
                        .tag("provider", provider)
                        .description("1 for the execution provider each model runs on")
                        .register(registry);
                repository.markReady(id);
                LOG.infof(
                        "model %s %s (%s) ready on %s",
                        id, model.manifest().version(), model.manifest().family(), provider);
            } catch (ManifestException e) {
                LOG.error(e.getMessage());
                repository.markFailed(e);
            } catch (Exception e) {
                ManifestException failure = new ManifestException(
                        id, "model", "warm-up failed: " + EncoderFactory.reason(e), "see the log");
                LOG.error(failure.getMessage(), e);
                repository.markFailed(failure);
            }
        }
        String ocrModel = config.ocr().model();
        TextEncoder text = textEncoders.get(defaultTextModel());
        if (ocrEngines.containsKey(ocrModel) && text != null) {
            imageEncoders.put(OcrTextEncoder.ID, new OcrTextEncoder(ocrEngines.get(ocrModel), text));
        }
    }

    /**
     * A model that computed NaN or an infinity for a request ({@link FiniteOutputs}) is FAILED from
     * then on: readiness DOWN, naming it and why. Its requests keep failing with a 503 of their own.
     */
    private void outOfService(String graph, String problem) {
        String id = graph.contains("/") ? graph.substring(0, graph.indexOf('/')) : graph; // "<id>/<graph>" too
        ModelRepository models = repository;
        if (models != null) {
            LOG.errorf("model %s %s; marked FAILED", id, problem);
            models.markFailed(new ManifestException(
                    id,
                    "output",
                    problem,
                    "verify its files " + "(mmf.models.full-checksums=true) and restart; see docs/integrity.md"));
        }
    }

    private void register(String id, EncoderFactory.Built built) {
        List<DynamicBatcher<?, ?>> graphs = new ArrayList<>();
        if (built.text() != null) {
            textEncoders.put(id, built.text());
            graphs.add(built.text().batcher());
        }
        if (built.image() != null) {
            imageEncoders.put(id, built.image());
            if (built.image() instanceof VisionEncoder vision) {
                graphs.add(vision.batcher());
            }
        }
        if (built.ocr() != null) {
            ocrEngines.put(id, built.ocr());
            graphs.addAll(built.ocr().batchers());
        }
        if (built.head() != null) {
            heads.put(id, built.head());
            graphs.add(built.head().batcher());
        }
        if (built.vad() != null) {
            vads.put(id, built.vad());
        }
        if (built.asr() != null) {
            recognizers.put(id, built.asr());
        }
        graphs.forEach(batcher -> batchers.put(batcher.name(), batcher));
    }

    /**
     * The batcher of one loaded graph, by its name in the metrics: {@code <id>} for a model of one
     * graph, {@code <id>/<graph>} for the graphs of a clip or ocr model.
     */
    public Optional<DynamicBatcher<?, ?>> batcher(String name) {
        return Optional.ofNullable(batchers.get(name));
    }

    /**
     * At shutdown: every batcher of the loaded models keeps serving the work it is given (the
     * requests already accepted, through all their stages) for {@code millis}, then is stopped, so
     * that each of those requests has an answer, a real one or a 503, before the HTTP server's own
     * grace period ends. The registry owns the batchers, so it alone stops them.
     */
    public void stopBatchersAfter(long millis) {
        List<DynamicBatcher<?, ?>> now = List.copyOf(batchers.values());
        Thread timer = new Thread(
                () -> {
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    now.forEach(DynamicBatcher::stop);
                },
                "batcher-drain-timer");
        timer.setDaemon(true);
        timer.start();
    }

    /**
     * Each close drains its batchers and returns only once no worker is inside session.run, so the
     * sessions are closed last. Upstream models first: their last items may still feed the others.
     */
    void stop(@Observes ShutdownEvent event) {
        FiniteOutputs.onFault(null);
        ocrEngines.values().forEach(OcrEngine::close);
        imageEncoders.values().forEach(ImageEncoder::close);
        textEncoders.values().forEach(TextEncoder::close);
        heads.values().forEach(HeadModel::close);
        recognizers.values().forEach(SpeechRecognizer::close);
        if (repository != null) {
            repository.close();
        }
    }

    public ModelRepository repository() {
        return repository;
    }

    /** Whether the models were loaded early ({@link ModelLoader#takeEarly}) while Quarkus started. */
    public boolean earlyLoaded() {
        return earlyLoaded;
    }

    /** The encoder for {@code requested}, or the default one; a 422 naming the field otherwise. */
    public TextEncoder textEncoder(String requested) {
        String id = requested != null ? requested : defaultTextModel();
        TextEncoder encoder = textEncoders.get(id);
        if (encoder != null) {
            return encoder;
        }
        if (requested == null) {
            throw InputException.unavailable(
                    "model", "the default text model '" + id + "' is not loaded; " + "see /q/health/ready");
        }
        boolean known = repository.statuses().stream().anyMatch(s -> s.id().equals(requested));
        throw InputException.unprocessable(
                "model",
                known
                        ? "model " + Echo.quoted(requested) + " failed to load; see /q/health/ready"
                        : "unknown model " + Echo.quoted(requested) + "; text models: " + textEncoders.keySet());
    }

    /** The fp32 model where it runs on CUDA, the int8 one otherwise. */
    private String defaultTextModel() {
        String cuda = config.text().defaultModelCuda();
        boolean onCuda = textEncoders.containsKey(cuda)
                && repository
                        .get(cuda)
                        .map(m -> m.session().provider() == ExecutionProvider.CUDA)
                        .orElse(false);
        return onCuda ? cuda : config.text().defaultModel();
    }

    public Map<String, TextEncoder> textEncoders() {
        return textEncoders;
    }

    public Map<String, ImageEncoder> imageEncoders() {
        return imageEncoders;
    }

    /** The image encoder for {@code requested}, or the default: the configured one, else a CLIP model, else ocr-text. */
    public ImageEncoder imageEncoder(String requested) {
        String id = requested != null ? requested : defaultImageModel();
        ImageEncoder encoder = id == null ? null : imageEncoders.get(id);
        if (encoder != null) {
            return encoder;
        }
        if (requested == null) {
            throw InputException.unavailable("model", "no image model is loaded; see /q/health/ready");
        }
        boolean known = repository.statuses().stream().anyMatch(s -> s.id().equals(requested));
        throw InputException.unprocessable(
                "model",
                known
                        ? "model " + Echo.quoted(requested)
                                + " is not loaded (not installed or failed); see /q/health/ready"
                        : "unknown image model " + Echo.quoted(requested) + "; image models: "
                                + imageEncoders.keySet());
    }

    private String defaultImageModel() {
        return config.image()
                .defaultModel()
                .orElseGet(() -> imageEncoders.values().stream()
                        .filter(e -> e.family().equals(ModelFamily.CLIP.label()))
                        .map(ImageEncoder::id)
                        .findFirst()
                        .orElse(OcrTextEncoder.ID));
    }

    /** The head {@code requested}, or the only one loaded. */
    public HeadModel head(String requested) {
        if (requested == null) {
            if (heads.size() == 1) {
                return heads.values().iterator().next();
            }
            throw InputException.badRequest(
                    "model",
                    heads.isEmpty()
                            ? "no head is loaded: train one with train-head (see docs/usage.md#heads)"
                            : "model is required: name one of the heads " + heads.keySet());
        }
        HeadModel head = heads.get(requested);
        if (head == null) {
            throw InputException.unprocessable(
                    "model", "unknown head " + Echo.quoted(requested) + "; heads: " + heads.keySet());
        }
        return head;
    }

    /**
     * The text encoder whose vectors live in {@code space} (a text model's, or a clip model's text
     * tower); a 422 naming {@code field} when none is loaded.
     */
    public TextEncoder textEncoderInSpace(String space, String field) {
        TextEncoder encoder = textEncoders.get(space);
        if (encoder == null) {
            throw InputException.unprocessable(
                    field, "no text model of space " + Echo.quoted(space) + " is loaded here to " + "encode " + field);
        }
        return encoder;
    }

    /** An image encoder whose vectors live in {@code space}, if one is loaded. */
    public Optional<ImageEncoder> imageEncoderInSpace(String space) {
        ImageEncoder preferred = imageEncoders.get(defaultImageModel());
        if (preferred != null && preferred.space().equals(space)) {
            return Optional.of(preferred);
        }
        return imageEncoders.values().stream()
                .filter(e -> e.space().equals(space))
                .findFirst();
    }

    /** The OCR engine for {@code requested}, or the configured one. */
    public OcrEngine ocrEngine(String requested) {
        String id = requested != null ? requested : config.ocr().model();
        OcrEngine engine = ocrEngines.get(id);
        if (engine != null) {
            return engine;
        }
        if (requested == null) {
            throw InputException.unavailable("model", "the OCR model '" + id + "' is not loaded; see /q/health/ready");
        }
        throw InputException.unprocessable(
                "model", "unknown OCR model " + Echo.quoted(requested) + "; OCR models: " + ocrEngines.keySet());
    }

    /** The configured voice activity detector; 503 naming the field when it is not loaded. */
    public VoiceActivityDetector vad(String field) {
        VoiceActivityDetector vad = vads.get(config.audio().vadModel());
        if (vad == null) {
            throw InputException.unavailable(
                    field,
                    "the voice activity model '" + config.audio().vadModel() + "' is not loaded; see /q/health/ready");
        }
        return vad;
    }

    /** The speech recogniser {@code requested}, or the configured one. */
    public SpeechRecognizer recognizer(String requested) {
        String id = requested != null ? requested : config.audio().asrModel();
        SpeechRecognizer recognizer = recognizers.get(id);
        if (recognizer != null) {
            return recognizer;
        }
        if (requested == null) {
            throw InputException.unavailable(
                    "model", "the speech model '" + id + "' is not loaded; see /q/health/ready");
        }
        throw InputException.unprocessable(
                "model", "unknown speech model '" + requested + "'; speech models: " + recognizers.keySet());
    }
}
