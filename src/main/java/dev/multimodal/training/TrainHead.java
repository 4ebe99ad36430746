package dev.multimodal.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.FusionStrategy;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.config.ToolConfig;
import dev.multimodal.models.HeadTask;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.models.ModelStatus;
import dev.multimodal.ocr.OcrTextEncoder;
import dev.multimodal.registry.EncoderFactory;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.service.ToolMedia;
import dev.multimodal.settings.Keys;
import dev.multimodal.text.TextEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code train-head}: JSONL records of {@code {text?, image?, audio?, video?, vector?+space?, label | value}}
 * → each record's parts encoded (text with the text model of the space; image with the image model:
 * CLIP, or ocr-text; a recording and a clip, a file path or base64 as images are, by the service's own
 * encode-audio and encode-video, under the mmf.audio.* and mmf.video.* settings) and fused with the
 * chosen strategy → a Tribuo head trained, measured on a held-out split, exported to ONNX into
 * {@code models/<id>/} with a {@code head} manifest.
 * <p>
 * {@code ./mvnw -q exec:java -Dexec.classpathScope=compile -Dexec.mainClass=dev.multimodal.training.TrainHead -Dexec.args="--data
 * functions/predict/topics.jsonl --id topics --task classification"}. Options: {@code --task
 * classification|regression|clustering}, {@code --clusters 3}, {@code --fusion weighted-average},
 * {@code --text-model all-minilm-l6-v2-q}, {@code --image-model ocr-text|<clip id>}, {@code --ocr-model pp-ocrv4}
 * (for ocr-text), {@code --models models},
 * {@code --test-fraction 0.2}, {@code --epochs 10}, {@code --seed 42}, {@code --version 1.0.0}.
 */
public final class TrainHead {

    private TrainHead() {}

    /** The text encoder, and for records with images the image model's encoder (ocr-text: OCR, then text). */
    private static TrainingRecords.Encoders encoders(
            Map<String, EncoderFactory.Built> built,
            boolean images,
            String textModel,
            String imageModel,
            String ocrModel) {
        if (images && !imageModel.equals(OcrTextEncoder.ID)) {
            EncoderFactory.Built clip = built.get(imageModel);
            return new TrainingRecords.Encoders(
                    clip.text() != null ? clip.text() : built.get(textModel).text(), clip.image());
        }
        TextEncoder text = built.get(textModel).text();
        return new TrainingRecords.Encoders(
                text, images ? new OcrTextEncoder(built.get(ocrModel).ocr(), text) : null);
    }

    /** Every loaded model's encoders, built once: the records' encoders and the media use cases share them. */
    private static Map<String, EncoderFactory.Built> build(EncoderFactory factory, ModelRepository repository)
            throws Exception {
        Map<String, EncoderFactory.Built> built = new LinkedHashMap<>();
        for (ModelRepository.LoadedModel model : repository.loaded()) {
            built.put(model.manifest().id(), factory.build(model));
        }
        return built;
    }

    /** The training set: one JSON object per line (JSON Lines), blank lines skipped. */
    private static List<JsonNode> records(Path data) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(data)) {
            if (!line.isBlank()) {
                records.add(json.readTree(line));
            }
        }
        return records;
    }

    /** What the records hold, and so which models train-head loads. */
    private record Kinds(boolean images, boolean audio, boolean video) {

        static Kinds of(List<JsonNode> records) {
            return new Kinds(any(records, "image"), any(records, "audio"), any(records, "video"));
        }

        private static boolean any(List<JsonNode> records, String field) {
            return records.stream().anyMatch(r -> r.hasNonNull(field));
        }

        boolean media() {
            return audio || video;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path data = Path.of(required(o, "data"));
        HeadTask task = HeadTask.parse(o.getOrDefault("task", "classification"));
        FusionStrategy fusion = FusionStrategy.parse(o.getOrDefault("fusion", "weighted-average"));
        Path modelsDir = Path.of(o.getOrDefault("models", "models"));
        String textModel = o.getOrDefault("text-model", "all-minilm-l6-v2-q");
        String imageModel = o.getOrDefault("image-model", OcrTextEncoder.ID);
        String ocrModel = o.getOrDefault("ocr-model", "pp-ocrv4");
        List<JsonNode> records = records(data);
        Kinds kinds = Kinds.of(records);
        // the media use cases read the service's settings, with this command's models as the defaults
        MmfConfig config = ToolConfig.of(Map.of(
                Keys.TEXT_DEFAULT_MODEL, textModel, Keys.IMAGE_DEFAULT_MODEL, imageModel, Keys.OCR_MODEL, ocrModel));
        Set<String> include = new LinkedHashSet<>(List.of(textModel));
        if (kinds.images() || kinds.video()) {
            include.add(imageModel.equals(OcrTextEncoder.ID) ? ocrModel : imageModel);
        }
        if (kinds.media()) {
            include.addAll(List.of(config.audio().vadModel(), config.audio().asrModel()));
        }
        OnnxRuntimeHost host = new OnnxRuntimeHost();
        try (ModelRepository repository =
                ModelRepository.load(modelsDir, include, true, host, SessionSettings.cpuDefaults())) {
            repository.statuses().stream()
                    .filter(status -> status.state() == ModelStatus.State.FAILED)
                    .findFirst()
                    .ifPresent(status -> {
                        throw new IllegalStateException(status.error());
                    });
            Map<String, EncoderFactory.Built> built = build(
                    new EncoderFactory(
                            host.environment(), BatcherSettings.defaults(), new SimpleMeterRegistry(), false),
                    repository);
            TrainingRecords.Encoders encoders = encoders(built, kinds.images(), textModel, imageModel, ocrModel);
            try (ToolMedia media = kinds.media()
                    ? new ToolMedia(ModelService.of(config, repository, built), config, data.getParent())
                    : null) {
                TrainingSet set = TrainingRecords.encode(records, data.getParent(), encoders, media, fusion, task);
                train(set, task, data, modelsDir, o);
            } finally {
                built.values().forEach(EncoderFactory::close);
            }
        }
    }

    /** Trains the head on {@code set}, measures it on the held-out split, and writes it with its manifest. */
    private static void train(TrainingSet set, HeadTask task, Path data, Path modelsDir, Map<String, String> o)
            throws Exception {
        System.out.printf(
                "train-head: %d records, %d dimensions, space %s, fusion %s%n",
                set.vectors().size(), set.dimension(), set.space(), set.fusion());
        HeadTrainer.Options options = new HeadTrainer.Options(
                Double.parseDouble(o.getOrDefault("test-fraction", "0.2")),
                Integer.parseInt(o.getOrDefault("clusters", "3")),
                Integer.parseInt(o.getOrDefault("epochs", "10")),
                Long.parseLong(o.getOrDefault("seed", "42")));
        HeadTrainer.Trained head = HeadTrainer.train(set, task, options);
        Path dir = HeadWriter.write(
                modelsDir,
                required(o, "id"),
                o.getOrDefault("version", "1.0.0"),
                task.label() + " head trained on " + data.getFileName(),
                head,
                set);
        System.out.println("train-head: held out " + head.metrics());
        System.out.println("train-head: wrote " + dir.resolve("model.onnx") + " and " + dir.resolve("model.json"));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
