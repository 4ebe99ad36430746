package dev.multimodal.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.FusionStrategy;
import dev.multimodal.api.Overflow;
import dev.multimodal.fusion.Fuser;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.fusion.FusionResult;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.EncodedImage;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.image.ImageLimits;
import dev.multimodal.models.HeadTask;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.models.ModelStatus;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrTextEncoder;
import dev.multimodal.registry.EncoderFactory;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code train-head}: JSONL records of {@code {text?, image?, vector?+space?, label | value}} →
 * each record's parts encoded (text with the text model of the space; image with the image model:
 * CLIP, or ocr-text) and fused with the chosen strategy → a Tribuo head trained, measured on a
 * held-out split, exported to ONNX into {@code models/<id>/} with a {@code head} manifest.
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

    private record Encoders(TextEncoder text, ImageEncoder image, OcrEngine ocr) {}

    /** The text encoder, and for records with images the image model's encoder (ocr-text: OCR, then text). */
    private static Encoders encoders(
            EncoderFactory factory,
            ModelRepository repository,
            boolean images,
            String textModel,
            String imageModel,
            String ocrModel)
            throws Exception {
        ImageEncoder imageEncoder = null;
        TextEncoder text;
        OcrEngine ocr = null;
        if (images && !imageModel.equals(OcrTextEncoder.ID)) {
            EncoderFactory.Built built =
                    factory.build(repository.get(imageModel).orElseThrow());
            imageEncoder = built.image();
            text = built.text() != null
                    ? built.text()
                    : factory.text(repository.get(textModel).orElseThrow());
        } else {
            text = factory.text(repository.get(textModel).orElseThrow());
            if (images) {
                ocr = factory.build(repository.get(ocrModel).orElseThrow()).ocr();
                imageEncoder = new OcrTextEncoder(ocr, text);
            }
        }
        return new Encoders(text, imageEncoder, ocr);
    }

    private static void closeAll(TextEncoder text, ImageEncoder image, OcrEngine ocr) {
        text.close();
        if (image != null) {
            image.close();
        }
        if (ocr != null) {
            ocr.close();
        }
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

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path data = Path.of(required(o, "data"));
        String id = required(o, "id");
        HeadTask task = HeadTask.parse(o.getOrDefault("task", "classification"));
        FusionStrategy fusion = FusionStrategy.parse(o.getOrDefault("fusion", "weighted-average"));
        Path modelsDir = Path.of(o.getOrDefault("models", "models"));
        String textModel = o.getOrDefault("text-model", "all-minilm-l6-v2-q");
        String imageModel = o.getOrDefault("image-model", OcrTextEncoder.ID);
        String ocrModel = o.getOrDefault("ocr-model", "pp-ocrv4");
        HeadTrainer.Options options = new HeadTrainer.Options(
                Double.parseDouble(o.getOrDefault("test-fraction", "0.2")),
                Integer.parseInt(o.getOrDefault("clusters", "3")),
                Integer.parseInt(o.getOrDefault("epochs", "10")),
                Long.parseLong(o.getOrDefault("seed", "42")));

        List<JsonNode> records = records(data);
        boolean images = records.stream().anyMatch(r -> r.hasNonNull("image"));
        Set<String> include = new LinkedHashSet<>(List.of(textModel));
        if (images) {
            include.add(imageModel.equals(OcrTextEncoder.ID) ? ocrModel : imageModel);
        }
        OnnxRuntimeHost host = new OnnxRuntimeHost();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BatcherSettings batching = BatcherSettings.defaults();
        try (ModelRepository repository =
                ModelRepository.load(modelsDir, include, true, host, SessionSettings.cpuDefaults())) {
            repository.statuses().stream()
                    .filter(status -> status.state() == ModelStatus.State.FAILED)
                    .findFirst()
                    .ifPresent(status -> {
                        throw new IllegalStateException(status.error());
                    });
            Encoders encoders = encoders(
                    new EncoderFactory(host.environment(), batching, registry, false),
                    repository,
                    images,
                    textModel,
                    imageModel,
                    ocrModel);
            TextEncoder text = encoders.text();
            ImageEncoder imageEncoder = encoders.image();
            TrainingSet set = encode(records, data.getParent(), text, imageEncoder, fusion, task);
            System.out.printf(
                    "train-head: %d records, %d dimensions, space %s, fusion %s%n",
                    set.vectors().size(), set.dimension(), set.space(), fusion.label());
            HeadTrainer.Trained head = HeadTrainer.train(set, task, options);
            Path dir = HeadWriter.write(
                    modelsDir,
                    id,
                    o.getOrDefault("version", "1.0.0"),
                    task.label() + " head trained on " + data.getFileName(),
                    head,
                    set);
            System.out.println("train-head: held out " + head.metrics());
            System.out.println("train-head: wrote " + dir.resolve("model.onnx") + " and " + dir.resolve("model.json"));
            closeAll(text, imageEncoder, encoders.ocr());
        }
    }

    private static TrainingSet encode(
            List<JsonNode> records,
            Path base,
            TextEncoder text,
            ImageEncoder images,
            FusionStrategy fusion,
            HeadTask task)
            throws Exception {
        Fuser fuser = new Fuser();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        List<float[]> vectors = new ArrayList<>();
        List<String> labels = task == HeadTask.CLASSIFICATION ? new ArrayList<>() : null;
        List<Double> values = task == HeadTask.REGRESSION ? new ArrayList<>() : null;
        String space = null;
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            List<FusionPart> parts = new ArrayList<>();
            if (r.hasNonNull("text")) {
                float[] v = text.encode(List.of(r.get("text").asText()), Overflow.AVERAGE)
                        .get(60, TimeUnit.SECONDS)
                        .get(0)
                        .vector();
                parts.add(new FusionPart("text", v, text.space(), 1));
            }
            if (r.hasNonNull("image")) {
                if (images == null) {
                    throw new IllegalArgumentException("record " + (i + 1) + " has an image and no image model");
                }
                DecodedImage image = decoder.decode(imageBytes(r.get("image").asText(), base), "image");
                parts.add(new FusionPart(
                        "image",
                        images.encode(image, StageTimes.NONE)
                                .get(120, TimeUnit.SECONDS)
                                .vector(),
                        images.space(),
                        1));
            }
            if (r.hasNonNull("vector")) {
                float[] v = new float[r.get("vector").size()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) r.get("vector").get(j).asDouble();
                }
                parts.add(new FusionPart("vector", v, r.path("space").asText(null), 1));
            }
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("record " + (i + 1) + " has no text, image or vector");
            }
            FusionResult fused = fuser.fuse(parts, fusion, Fuser.Options.defaults());
            if (space != null && !space.equals(fused.space())) {
                throw new IllegalArgumentException(
                        "record " + (i + 1) + " fuses into space " + fused.space() + ", the others into " + space);
            }
            space = fused.space();
            vectors.add(fused.vector());
            if (labels != null) {
                labels.add(required(r, "label", i).asText());
            }
            if (values != null) {
                values.add(required(r, "value", i).asDouble());
            }
        }
        return new TrainingSet(vectors, labels, values, space, fusion.label());
    }

    /** A path relative to the data file, or base64 / a data: URI. */
    private static byte[] imageBytes(String value, Path base) throws Exception {
        Path file = base == null ? Path.of(value) : base.resolve(value);
        if (!value.startsWith("data:") && value.length() < 1024 && Files.isRegularFile(file)) {
            return Files.readAllBytes(file);
        }
        return EncodedImage.fromBase64(value, "image", ImageLimits.defaults().maxBytes())
                .bytes();
    }

    private static JsonNode required(JsonNode record, String field, int i) {
        if (!record.hasNonNull(field)) {
            throw new IllegalArgumentException("record " + (i + 1) + " has no " + field);
        }
        return record.get(field);
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
