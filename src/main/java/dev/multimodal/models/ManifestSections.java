package dev.multimodal.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The family-specific sections of a manifest: {@code text}, {@code image}, {@code clip}, {@code ocr},
 * {@code head} ({@code speech}: {@link SpeechSection}).
 */
final class ManifestSections {

    private static final Set<String> TEXT_POOLING = Set.of("mean", "cls", "none");
    private static final Set<String> IMAGE_POOLING = Set.of("none", "cls", "mean");
    private static final Set<String> RESIZE = Set.of("none", "shortest", "longest", "exact");
    private static final Set<String> INTERPOLATION = Set.of("bilinear", "bicubic");

    private ManifestSections() {}

    static ModelManifest.TextSettings text(JsonNode root, String id) throws ManifestException {
        JsonNode node = section(root, "text", id, "{\"maxTokens\": 512, \"pooling\": \"mean\", \"normalize\": true}");
        int maxTokens = ManifestReader.positiveInt(node, "maxTokens", id, "text");
        if (maxTokens < 3) {
            throw new ManifestException(
                    id, "text.maxTokens", "must leave room for the special tokens", "use at least 3");
        }
        String label = ManifestReader.text(node, "pooling", id, "text");
        Pooling pooling = Pooling.fromLabel(label);
        if (pooling == null) {
            throw new ManifestException(
                    id, "text.pooling", "unknown pooling '" + label + "'", "use one of " + TEXT_POOLING);
        }
        return new ModelManifest.TextSettings(
                maxTokens, pooling, node.path("normalize").asBoolean(true));
    }

    static ModelManifest.ImageSettings image(JsonNode root, String id) throws ManifestException {
        JsonNode node =
                section(root, "image", id, "{\"resize\": \"shortest\", \"size\": 224, \"crop\": [224, 224], ...}");
        String resize = choice(node, "resize", "none", RESIZE, id);
        int size = nonNegative(node, "size", 0, id);
        int width = nonNegative(node, "width", 0, id);
        int height = nonNegative(node, "height", 0, id);
        if ((resize.equals("shortest") || resize.equals("longest")) && size == 0) {
            throw new ManifestException(
                    id, "image.size", "is needed for resize '" + resize + "'", "set size, e.g. 224");
        }
        if (resize.equals("exact") && (width == 0 || height == 0)) {
            throw new ManifestException(
                    id, "image.width", "width and height are needed for resize 'exact'", "set width and height");
        }
        int[] crop = pair(node, "crop", id);
        float[] mean = triple(node, "mean", new float[] {0, 0, 0}, id);
        float[] std = triple(node, "std", new float[] {1, 1, 1}, id);
        for (float s : std) {
            if (s <= 0) {
                throw new ManifestException(id, "image.std", "values must be positive", "give three positive numbers");
            }
        }
        float rescale = (float) node.path("rescale").asDouble(1.0 / 255);
        if (rescale <= 0) {
            throw new ManifestException(
                    id, "image.rescale", "must be positive", "use e.g. 0.00392156862745098 (1/255)");
        }
        int padValue = nonNegative(node, "padValue", 0, id);
        if (padValue > 255) {
            throw new ManifestException(id, "image.padValue", "must be 0-255", "give a pixel value");
        }
        return new ModelManifest.ImageSettings(
                resize,
                size,
                width,
                height,
                choice(node, "interpolation", "bilinear", INTERPOLATION, id),
                crop[0],
                crop[1],
                nonNegative(node, "padMultiple", 0, id),
                padValue,
                rescale,
                mean,
                std,
                choice(node, "channelOrder", "RGB", Set.of("RGB", "BGR"), id).toUpperCase(Locale.ROOT),
                choice(node, "layout", "NCHW", Set.of("NCHW", "NHWC"), id).toUpperCase(Locale.ROOT),
                Pooling.fromLabel(choice(node, "pooling", "none", IMAGE_POOLING, id)),
                node.path("normalize").asBoolean(true));
    }

    static ModelManifest.ClipSettings clip(JsonNode root, String id) throws ManifestException {
        JsonNode node = section(root, "clip", id, "{\"logitScale\": 100}");
        JsonNode scale = node.get("logitScale");
        if (scale == null || !scale.isNumber() || scale.asDouble() <= 0) {
            throw new ManifestException(
                    id,
                    "clip.logitScale",
                    "must be a positive number",
                    "use exp(logit_scale) of the checkpoint, 100 for OpenAI CLIP");
        }
        return new ModelManifest.ClipSettings((float) scale.asDouble());
    }

    static ModelManifest.OcrSettings ocr(JsonNode root, String id) throws ManifestException {
        JsonNode node =
                section(root, "ocr", id, "{\"detection\": {...}, \"classification\": {...}, \"recognition\": {...}}");
        JsonNode det = node.path("detection");
        JsonNode cls = node.path("classification");
        JsonNode rec = node.path("recognition");
        return new ModelManifest.OcrSettings(
                positive(det, "limitSide", 960, id, "ocr.detection"),
                positive(det, "multiple", 32, id, "ocr.detection"),
                fraction(det, "threshold", 0.3, id, "ocr.detection"),
                fraction(det, "boxThreshold", 0.6, id, "ocr.detection"),
                (float) det.path("unclipRatio").asDouble(1.5),
                positive(det, "minSize", 3, id, "ocr.detection"),
                triple(det, "mean", new float[] {0.485f, 0.456f, 0.406f}, id),
                triple(det, "std", new float[] {0.229f, 0.224f, 0.225f}, id),
                choice(det, "channelOrder", "BGR", Set.of("RGB", "BGR"), id).toUpperCase(Locale.ROOT),
                positive(cls, "width", 192, id, "ocr.classification"),
                positive(cls, "height", 48, id, "ocr.classification"),
                fraction(cls, "threshold", 0.9, id, "ocr.classification"),
                positive(rec, "height", 48, id, "ocr.recognition"),
                positive(rec, "maxWidth", 3200, id, "ocr.recognition"),
                fraction(rec, "dropScore", 0.5, id, "ocr.recognition"),
                rec.path("spaceChar").asBoolean(true));
    }

    static ModelManifest.HeadSettings head(JsonNode root, String id) throws ManifestException {
        JsonNode node = section(
                root,
                "head",
                id,
                "{\"task\": \"classification\", \"labels\": [...], "
                        + "\"inputDimension\": 384, \"space\": \"all-minilm-l6-v2-q\", \"fusion\": \"weighted-average\"}");
        String taskLabel = choice(
                node, "task", "", Set.of("classification", "regression", "clustering", "fusion", "projection"), id);
        HeadTask task = HeadTask.parse(taskLabel);
        List<String> labels = new ArrayList<>();
        JsonNode array = node.path("labels");
        if (task == HeadTask.CLASSIFICATION) {
            if (!array.isArray() || array.isEmpty()) {
                throw new ManifestException(id, "head.labels", "is missing", "list the labels in output order");
            }
            array.forEach(label -> labels.add(label.asText()));
        }
        int input = ManifestReader.positiveInt(node, "inputDimension", id, "head");
        String space = ManifestReader.text(node, "space", id, "head");
        JsonNode fusion = node.get("fusion");
        String outputSpace = null;
        if (task.makesVectors()) {
            outputSpace =
                    node.hasNonNull("outputSpace") ? node.get("outputSpace").asText() : null;
            if (outputSpace == null && task == HeadTask.PROJECTION) {
                throw new ManifestException(
                        id, "head.outputSpace", "is missing", "name the space the projection maps into");
            }
            if (outputSpace == null) {
                outputSpace = "fused:learned:" + id;
            }
        }
        return new ModelManifest.HeadSettings(
                task,
                List.copyOf(labels),
                input,
                space,
                fusion == null ? "weighted-average" : fusion.asText(),
                outputSpace);
    }

    private static JsonNode section(JsonNode root, String name, String id, String example) throws ManifestException {
        JsonNode node = root.get(name);
        if (node == null || !node.isObject()) {
            throw new ManifestException(id, name, "is missing", "add " + example);
        }
        return node;
    }

    private static String choice(JsonNode node, String field, String fallback, Set<String> allowed, String id)
            throws ManifestException {
        JsonNode value = node.get(field);
        String text = value == null || value.isNull() ? fallback : value.asText();
        boolean ok = allowed.contains(text) || allowed.contains(text.toUpperCase(Locale.ROOT));
        if (!ok) {
            throw new ManifestException(id, field, "unknown value '" + text + "'", "use one of " + allowed);
        }
        return text;
    }

    private static int nonNegative(JsonNode node, String field, int fallback, String id) throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asInt() < 0) {
            throw new ManifestException(id, "image." + field, "must be a whole number >= 0", "set " + field);
        }
        return value.asInt();
    }

    private static int positive(JsonNode node, String field, int fallback, String id, String parent)
            throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asInt() <= 0) {
            throw new ManifestException(id, parent + "." + field, "must be a positive whole number", "set " + field);
        }
        return value.asInt();
    }

    private static float fraction(JsonNode node, String field, double fallback, String id, String parent)
            throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null) {
            return (float) fallback;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            throw new ManifestException(id, parent + "." + field, "must be a number from 0 to 1", "set " + field);
        }
        return (float) value.asDouble();
    }

    private static int[] pair(JsonNode node, String field, String id) throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return new int[] {0, 0};
        }
        if (!value.isArray()
                || value.size() != 2
                || !value.get(0).isIntegralNumber()
                || !value.get(1).isIntegralNumber()
                || value.get(0).asInt() <= 0
                || value.get(1).asInt() <= 0) {
            throw new ManifestException(id, "image." + field, "must be [width, height]", "e.g. [224, 224]");
        }
        return new int[] {value.get(0).asInt(), value.get(1).asInt()};
    }

    private static float[] triple(JsonNode node, String field, float[] fallback, String id) throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isArray() || value.size() != 3) {
            throw new ManifestException(id, field, "needs three numbers, in RGB order", "e.g. [0.5, 0.5, 0.5]");
        }
        float[] out = new float[3];
        for (int i = 0; i < 3; i++) {
            if (!value.get(i).isNumber()) {
                throw new ManifestException(id, field, "needs three numbers, in RGB order", "e.g. [0.5, 0.5, 0.5]");
            }
            out[i] = (float) value.get(i).asDouble();
        }
        return out;
    }
}
