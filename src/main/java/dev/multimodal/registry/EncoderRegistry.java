package dev.multimodal.registry;

import dev.multimodal.audio.SpeechRecognizer;
import dev.multimodal.audio.VoiceActivityDetector;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.models.ModelFamily;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrTextEncoder;
import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.ExecutionProvider;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEncoder;
import dev.multimodal.vision.VisionEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The encoders of the loaded models, by id, and which one serves a request: the one it names, or
 * the configured default (a 422 naming the field for an unknown id, a 503 when the default is not
 * loaded). Filled by {@link ModelService} at start-up, read by every use case through it.
 */
public final class EncoderRegistry {

    private final Map<String, TextEncoder> textEncoders = new LinkedHashMap<>();
    private final Map<String, ImageEncoder> imageEncoders = new LinkedHashMap<>();
    private final Map<String, OcrEngine> ocrEngines = new LinkedHashMap<>();
    private final Map<String, HeadModel> heads = new LinkedHashMap<>();
    private final Map<String, VoiceActivityDetector> vads = new LinkedHashMap<>();
    private final Map<String, SpeechRecognizer> recognizers = new LinkedHashMap<>();
    private final Map<String, DynamicBatcher<?, ?>> batchers = new ConcurrentHashMap<>();

    private final MmfConfig config;
    private final Supplier<ModelRepository> repository;

    EncoderRegistry(MmfConfig config, Supplier<ModelRepository> repository) {
        this.config = config;
        this.repository = repository;
    }

    void register(String id, EncoderFactory.Built built) {
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

    /** Upstream models first: their last items may still feed the others. */
    void closeAll() {
        ocrEngines.values().forEach(OcrEngine::close);
        imageEncoders.values().forEach(ImageEncoder::close);
        textEncoders.values().forEach(TextEncoder::close);
        heads.values().forEach(HeadModel::close);
        recognizers.values().forEach(SpeechRecognizer::close);
        vads.values().forEach(VoiceActivityDetector::close); // before the repository closes its session
    }

    /** {@code ocr-text}: the OCR model read by the default text model, when both are loaded. */
    void addOcrText() {
        String ocrModel = config.ocr().model();
        TextEncoder text = textEncoders.get(defaultTextModel());
        if (ocrEngines.containsKey(ocrModel) && text != null) {
            imageEncoders.put(OcrTextEncoder.ID, new OcrTextEncoder(ocrEngines.get(ocrModel), text));
        }
    }

    List<DynamicBatcher<?, ?>> batchers() {
        return List.copyOf(batchers.values());
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
        boolean known = repository.get().statuses().stream().anyMatch(s -> s.id().equals(requested));
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
                        .get()
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
        boolean known = repository.get().statuses().stream().anyMatch(s -> s.id().equals(requested));
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
