package dev.multimodal.vision;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.models.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Small ONNX models built with Tribuo's ONNX builder, in model folders with manifests, so the
 * image-encoder and clip code paths run end to end where no real CLIP can be downloaded.
 * <p>
 * The CLIP-shaped model's image tower is the mean colour of the (CLIP-normalised) pixels; its text
 * tower sums word vectors where "red", "green" and "blue" point where those colours' normalised
 * pixels point, and every other word is zero. So "a red square" and a red image line up.
 */
public final class TinyOnnxModels {

    public static final String CLIP_ID = "tiny-clip";
    public static final String IMAGE_ENCODER_ID = "tiny-vit";
    public static final int CLIP_DIMENSION = 3;
    static final List<String> WORDS =
            List.of("<s>", "</s>", "[UNK]", "a", "photo", "of", "square", "circle", "red", "green", "blue");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyOnnxModels() {}

    /** models/tiny-clip under {@code root}: vision.onnx, text.onnx, tokenizer.json and model.json. */
    public static Path writeClip(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(CLIP_ID));
        Files.write(dir.resolve("vision.onnx"), model(meanColourGraph("image_embeds")));
        Files.write(dir.resolve("text.onnx"), model(wordSumGraph()));
        Files.writeString(dir.resolve("tokenizer.json"), tokenizer());
        ObjectNode m = manifest(
                CLIP_ID,
                "clip",
                dir,
                Map.of("vision.onnx", "vision", "text.onnx", "text", "tokenizer.json", "tokenizer"));
        ObjectNode tensors = m.putObject("tensors");
        tensors.put("pixels", "pixel_values")
                .put("imageOutput", "image_embeds")
                .put("inputIds", "input_ids")
                .put("attentionMask", "attention_mask")
                .put("textOutput", "text_embeds");
        ObjectNode image = m.putObject("image");
        image.put("resize", "shortest").put("size", 8).put("interpolation", "bicubic");
        image.putArray("crop").add(8).add(8);
        image.put("rescale", 1.0 / 255);
        image.putArray("mean").add(0.48145466).add(0.4578275).add(0.40821073);
        image.putArray("std").add(0.26862954).add(0.26130258).add(0.27577711);
        image.put("pooling", "none");
        m.putObject("text").put("maxTokens", 16).put("pooling", "none").put("normalize", true);
        m.putObject("clip").put("logitScale", 100);
        m.put("dimension", CLIP_DIMENSION);
        Files.writeString(
                dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        return dir;
    }

    /**
     * models/tiny-vit: one graph whose output has two tokens per image, [mean colour, darkest value
     * per channel], pooled as {@code pooling} says; pixels 0-1, 4 × 4.
     */
    public static Path writeImageEncoder(Path root, String pooling) throws IOException {
        Path dir = Files.createDirectories(root.resolve(IMAGE_ENCODER_ID));
        Files.write(dir.resolve("model.onnx"), model(twoTokenGraph()));
        ObjectNode m = manifest(IMAGE_ENCODER_ID, "image-encoder", dir, Map.of("model.onnx", "model"));
        m.putObject("tensors").put("pixels", "pixel_values").put("output", "last_hidden_state");
        ObjectNode image = m.putObject("image");
        image.put("resize", "exact").put("width", 4).put("height", 4).put("interpolation", "bilinear");
        image.put("rescale", 1.0 / 255).put("pooling", pooling).put("normalize", false);
        m.put("dimension", 3);
        Files.writeString(
                dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        return dir;
    }

    /**
     * models/&lt;id&gt;: an image encoder of 3 dimensions whose output is each channel's mean divided by
     * its minimum (pixels 0-1, 4 × 4): 1 for a plain white image, 0 / 0 = NaN for a black one. A model
     * that passes its warm-up and computes NaN for some inputs.
     */
    public static Path writeRatioImageEncoder(Path root, String id) throws IOException {
        Path dir = Files.createDirectories(root.resolve(id));
        ONNXContext c = new ONNXContext();
        c.setName("mean-over-min");
        ONNXPlaceholder pixels = c.floatInput("pixel_values", 3);
        ONNXPlaceholder out = c.floatOutput("image_embeds", 3);
        ONNXNode mean = pixels.apply(ONNXOperators.REDUCE_MEAN, Map.of("axes", new int[] {2, 3}, "keepdims", 0));
        ONNXNode min = pixels.apply(ONNXOperators.REDUCE_MIN, Map.of("axes", new int[] {2, 3}, "keepdims", 0));
        mean.apply(ONNXOperators.DIV, min).assignTo(out);
        Files.write(dir.resolve("model.onnx"), model(withInput(c.buildGraph(), 0, 1, "batch", 3, "height", "width")));
        ObjectNode m = manifest(id, "image-encoder", dir, Map.of("model.onnx", "model"));
        m.putObject("tensors").put("pixels", "pixel_values").put("output", "image_embeds");
        ObjectNode image = m.putObject("image");
        image.put("resize", "exact").put("width", 4).put("height", 4).put("interpolation", "bilinear");
        image.put("rescale", 1.0 / 255).put("pooling", "none").put("normalize", false);
        m.put("dimension", 3);
        Files.writeString(
                dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        return dir;
    }

    /**
     * models/&lt;id&gt;: a head that makes vectors, {@code output = input × weights} ([in, out], row-major),
     * of task {@code fusion} or {@code projection}, taking vectors of {@code space}.
     */
    public static Path writeVectorHead(
            Path root, String id, String task, String space, String outputSpace, int in, int out, float[] weights)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve(id));
        ONNXContext c = new ONNXContext();
        c.setName(id);
        ONNXPlaceholder input = c.floatInput("input", in);
        ONNXPlaceholder output = c.floatOutput("output", out);
        ONNXInitializer w = c.floatTensor("weights", List.of(in, out), b -> b.put(weights));
        input.apply(ONNXOperators.GEMM, w).assignTo(output);
        Files.write(dir.resolve("model.onnx"), model(c.buildGraph()));
        ObjectNode m = manifest(id, "head", dir, Map.of("model.onnx", "model"));
        m.putObject("tensors").put("input", "input").put("output", "output");
        ObjectNode head = m.putObject("head");
        head.put("task", task).put("inputDimension", in).put("space", space);
        if (outputSpace != null) {
            head.put("outputSpace", outputSpace);
        }
        m.put("dimension", out);
        Files.writeString(
                dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        return dir;
    }

    private static ObjectNode manifest(String id, String family, Path dir, Map<String, String> roles)
            throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id)
                .put("version", "0.1.0")
                .put("family", family)
                .put("license", "Apache-2.0")
                .put("bundled", true)
                .put("description", "built by the tests");
        ArrayNode files = m.putArray("files");
        for (Map.Entry<String, String> e : new LinkedHashMap<>(roles).entrySet()) {
            ObjectNode f = files.addObject();
            f.put("name", e.getKey())
                    .put("role", e.getValue())
                    .put("sha256", Checksums.sha256(dir.resolve(e.getKey())));
            f.putObject("source")
                    .put("type", "maven")
                    .put("artifact", "dev.multimodal:test-models:0")
                    .put("path", e.getKey());
        }
        return m;
    }

    /** pixel_values [N, 3, H, W] → the mean of each channel [N, 3]. */
    private static OnnxMl.GraphProto meanColourGraph(String output) {
        ONNXContext c = new ONNXContext();
        c.setName("mean-colour");
        ONNXPlaceholder pixels = c.floatInput("pixel_values", 3);
        ONNXPlaceholder out = c.floatOutput(output, CLIP_DIMENSION);
        pixels.apply(ONNXOperators.REDUCE_MEAN, Map.of("axes", new int[] {2, 3}, "keepdims", 0))
                .assignTo(out);
        return withInput(c.buildGraph(), 0, 1, "batch", 3, "height", "width");
    }

    /** pixel_values [N, 3, H, W] → [N, 2, 3]: token 0 the mean colour, token 1 the minimum per channel. */
    private static OnnxMl.GraphProto twoTokenGraph() {
        ONNXContext c = new ONNXContext();
        c.setName("two-tokens");
        ONNXPlaceholder pixels = c.floatInput("pixel_values", 3);
        ONNXPlaceholder out = c.floatOutput("last_hidden_state", 3);
        ONNXInitializer axis = c.array("token_axis", new long[] {1});
        ONNXNode mean = pixels.apply(ONNXOperators.REDUCE_MEAN, Map.of("axes", new int[] {2, 3}, "keepdims", 0));
        ONNXNode min = pixels.apply(ONNXOperators.REDUCE_MIN, Map.of("axes", new int[] {2, 3}, "keepdims", 0));
        ONNXNode first = mean.apply(ONNXOperators.UNSQUEEZE, axis);
        ONNXNode second = min.apply(ONNXOperators.UNSQUEEZE, axis);
        c.operation(ONNXOperators.CONCAT, List.of(first, second), "tokens", Map.of("axis", 1))
                .assignTo(out);
        OnnxMl.GraphProto graph = withInput(c.buildGraph(), 0, 1, "batch", 3, "height", "width");
        return withOutput(graph, "batch", 2, 3);
    }

    /** input_ids, attention_mask [N, L] → Σ mask × embedding[id] [N, 3]. */
    private static OnnxMl.GraphProto wordSumGraph() {
        ONNXContext c = new ONNXContext();
        c.setName("word-sum");
        ONNXPlaceholder ids = c.floatInput("input_ids", 1);
        ONNXPlaceholder mask = c.floatInput("attention_mask", 1);
        ONNXPlaceholder out = c.floatOutput("text_embeds", CLIP_DIMENSION);
        float[] table = new float[WORDS.size() * CLIP_DIMENSION];
        put(table, "red", 1, -1, -1);
        put(table, "green", -1, 1, -1);
        put(table, "blue", -1, -1, 1);
        ONNXInitializer embeddings =
                c.floatTensor("embeddings", List.of(WORDS.size(), CLIP_DIMENSION), b -> b.put(table));
        ONNXInitializer lastAxis = c.array("last_axis", new long[] {2});
        ONNXInitializer tokenAxis = c.array("token_axis", new long[] {1});
        ONNXNode vectors = c.operation(ONNXOperators.GATHER, List.of(embeddings, ids), "vectors", Map.of("axis", 0));
        ONNXNode weights = mask.apply(ONNXOperators.CAST, Map.of("to", OnnxMl.TensorProto.DataType.FLOAT.getNumber()))
                .apply(ONNXOperators.UNSQUEEZE, lastAxis);
        vectors.apply(ONNXOperators.MUL, weights)
                .apply(ONNXOperators.REDUCE_SUM, tokenAxis, Map.of("keepdims", 0))
                .assignTo(out);
        OnnxMl.GraphProto graph = c.buildGraph();
        graph = withInput(graph, 0, OnnxMl.TensorProto.DataType.INT64.getNumber(), "batch", "tokens");
        return withInput(graph, 1, OnnxMl.TensorProto.DataType.INT64.getNumber(), "batch", "tokens");
    }

    private static void put(float[] table, String word, float... vector) {
        System.arraycopy(vector, 0, table, WORDS.indexOf(word) * CLIP_DIMENSION, CLIP_DIMENSION);
    }

    /** Replaces input {@code index}'s type: Tribuo's builder makes only [batch, n] float inputs. */
    private static OnnxMl.GraphProto withInput(OnnxMl.GraphProto graph, int index, int elementType, Object... dims) {
        OnnxMl.ValueInfoProto input = graph.getInput(index).toBuilder()
                .setType(type(elementType, dims))
                .build();
        return graph.toBuilder().setInput(index, input).build();
    }

    private static OnnxMl.GraphProto withOutput(OnnxMl.GraphProto graph, Object... dims) {
        OnnxMl.ValueInfoProto output =
                graph.getOutput(0).toBuilder().setType(type(1, dims)).build();
        return graph.toBuilder().setOutput(0, output).build();
    }

    private static OnnxMl.TypeProto type(int elementType, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer n) {
                dim.setDimValue(n);
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        return OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(elementType)
                        .setShape(shape))
                .build();
    }

    private static byte[] model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("multimodal-functions tests")
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** A word-level tokenizer.json over {@link #WORDS}: lower-cased, split on white space, framed by &lt;s&gt; … &lt;/s&gt;. */
    private static String tokenizer() throws IOException {
        ObjectNode t = JSON.createObjectNode();
        t.put("version", "1.0");
        t.putNull("truncation");
        t.putNull("padding");
        ArrayNode added = t.putArray("added_tokens");
        for (int i = 0; i < 3; i++) {
            added.addObject()
                    .put("id", i)
                    .put("content", WORDS.get(i))
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", true);
        }
        t.putObject("normalizer").put("type", "Lowercase");
        t.putObject("pre_tokenizer").put("type", "Whitespace");
        ObjectNode post = t.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode special = post.putObject("special_tokens");
        for (int i = 0; i < 2; i++) {
            ObjectNode s = special.putObject(WORDS.get(i));
            s.put("id", WORDS.get(i));
            s.putArray("ids").add(i);
            s.putArray("tokens").add(WORDS.get(i));
        }
        t.putNull("decoder");
        ObjectNode model = t.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.put(WORDS.get(i), i);
        }
        model.put("unk_token", "[UNK]");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(t);
    }
}
