package dev.multimodal.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.models.Checksums;
import dev.multimodal.models.HeadTask;
import dev.multimodal.models.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tribuo.clustering.kmeans.KMeansModel;

/**
 * Writes a trained head as a model folder: {@code models/<id>/model.onnx} and a {@code model.json}
 * of family {@code head} (task, labels, input dimension and space, fusion strategy, held-out
 * metrics), so the service loads it like any model.
 */
public final class HeadWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadWriter() {}

    public static Path write(
            Path modelsDir, String id, String version, String description, HeadTrainer.Trained head, TrainingSet data)
            throws IOException {
        Path dir = Files.createDirectories(modelsDir.resolve(id));
        Path onnx = dir.resolve("model.onnx");
        Files.write(onnx, head.onnx().toByteArray());
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id)
                .put("version", version)
                .put("family", ModelFamily.HEAD.label())
                .put("description", description)
                .put("license", "as the training data's")
                .put("bundled", false);
        ObjectNode file = m.putArray("files").addObject();
        file.put("name", "model.onnx").put("role", "model").put("sha256", Checksums.sha256(onnx));
        file.putObject("source").put("type", "local");
        ObjectNode tensors = m.putObject("tensors").put("input", "input");
        if (head.task() == HeadTask.CLUSTERING) {
            tensors.put("output", "cluster").put("distances", "distances");
        } else {
            tensors.put("output", "output");
        }
        ObjectNode section = m.putObject("head");
        section.put("task", head.task().label());
        ArrayNode labels = section.putArray("labels");
        head.labels().forEach(labels::add);
        section.put("inputDimension", head.inputDimension())
                .put("space", data.space())
                .put("fusion", data.fusion());
        ObjectNode metrics = section.putObject("metrics");
        for (Map.Entry<String, Object> e : head.metrics().entrySet()) {
            metrics.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        int outputs = switch (head.task()) {
            case CLASSIFICATION -> head.labels().size();
            case REGRESSION -> 1;
            case CLUSTERING -> ((KMeansModel) head.model()).getCentroidVectors().length;
            case FUSION, PROJECTION ->
                throw new IllegalArgumentException(head.task().label() + " heads are not trained here");
        };
        m.put("dimension", outputs);
        Files.writeString(
                dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
        return dir;
    }
}
