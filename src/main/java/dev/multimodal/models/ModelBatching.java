package dev.multimodal.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.runtime.BatcherSettings;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A model's own batching, as Triton's model configuration has it: the optional {@code batching}
 * section of {@code model.json}, with {@code mmf.batch.*} as the fallback for what it leaves out,
 * and per-graph overrides for a model of several graphs (e.g. OCR's recognition batches of a few
 * lines, so one page spreads over the workers). Null fields fall back.
 *
 * <pre>{@code "batching": {"maxBatchSize": 16, "workers": 2, "graphs": {"recognition": {"maxBatchSize": 4}}}}</pre>
 */
public record ModelBatching(
        Integer maxBatchSize,
        Long maxDelayMicros,
        Integer queueCapacity,
        Integer workers,
        Map<String, ModelBatching> graphs) {

    private static final Set<String> FIELDS =
            Set.of("maxBatchSize", "maxDelayMicros", "queueCapacity", "workers", "graphs");

    /** No section: everything falls back to {@code mmf.batch.*}. */
    public static final ModelBatching NONE = new ModelBatching(null, null, null, null, Map.of());

    /** The settings of the model's graphs, this section over {@code fallback}. */
    public BatcherSettings applyTo(BatcherSettings fallback) {
        int size = maxBatchSize != null ? maxBatchSize : fallback.maxBatchSize();
        int queue = queueCapacity != null ? queueCapacity : Math.max(fallback.queueCapacity(), size);
        return new BatcherSettings(
                size,
                maxDelayMicros != null ? maxDelayMicros : fallback.maxDelayMicros(),
                queue,
                workers != null ? workers : fallback.workers(),
                fallback.retryAfterSeconds(),
                fallback.maxBytesInFlight(),
                fallback.queueDeadlineMillis(),
                fallback.drainMillis(),
                fallback.arenaShrinkBytes(),
                fallback.callerRuns());
    }

    /** The settings of one graph: its own override over the model's section over {@code fallback}. */
    public BatcherSettings forGraph(String graph, BatcherSettings fallback) {
        BatcherSettings model = applyTo(fallback);
        ModelBatching own = graphs.get(graph);
        return own == null ? model : own.applyTo(model);
    }

    static ModelBatching read(JsonNode root, String id, Iterable<String> graphRoles) throws ManifestException {
        JsonNode node = root.get("batching");
        if (node == null || node.isNull()) {
            return NONE;
        }
        ModelBatching model = section(node, id, "batching");
        Map<String, ModelBatching> graphs = new LinkedHashMap<>();
        JsonNode perGraph = node.get("graphs");
        if (perGraph != null) {
            if (!perGraph.isObject()) {
                throw new ManifestException(
                        id,
                        "batching.graphs",
                        "must be an object of graph → batching",
                        "e.g. \"graphs\": {\"recognition\": {\"maxBatchSize\": 4}}");
            }
            Set<String> known = new LinkedHashSet<>();
            graphRoles.forEach(known::add);
            for (Iterator<Map.Entry<String, JsonNode>> it = perGraph.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> graph = it.next();
                if (!known.contains(graph.getKey())) {
                    throw new ManifestException(
                            id,
                            "batching.graphs." + graph.getKey(),
                            "is not a graph of this model",
                            "use one of " + known);
                }
                graphs.put(graph.getKey(), section(graph.getValue(), id, "batching.graphs." + graph.getKey()));
            }
        }
        return new ModelBatching(
                model.maxBatchSize, model.maxDelayMicros, model.queueCapacity, model.workers, Map.copyOf(graphs));
    }

    private static ModelBatching section(JsonNode node, String id, String path) throws ManifestException {
        if (!node.isObject()) {
            throw new ManifestException(id, path, "must be an object", "e.g. {\"maxBatchSize\": 16}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field) || (field.equals("graphs") && !path.equals("batching"))) {
                throw new ManifestException(
                        id,
                        path + "." + field,
                        "is not a batching setting",
                        "use maxBatchSize, maxDelayMicros, queueCapacity or workers");
            }
        }
        Integer size = positive(node, "maxBatchSize", id, path);
        Integer queue = positive(node, "queueCapacity", id, path);
        if (size != null && queue != null && queue < size) {
            throw new ManifestException(
                    id,
                    path + ".queueCapacity",
                    "is below maxBatchSize (" + size + ")",
                    "make the queue hold at least one batch");
        }
        JsonNode delay = node.get("maxDelayMicros");
        if (delay != null && (!delay.isIntegralNumber() || delay.asLong() < 0)) {
            throw new ManifestException(
                    id, path + ".maxDelayMicros", "must be a whole number >= 0", "e.g. 500 (microseconds)");
        }
        return new ModelBatching(
                size, delay == null ? null : delay.asLong(), queue, positive(node, "workers", id, path), Map.of());
    }

    private static Integer positive(JsonNode node, String field, String id, String path) throws ManifestException {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asInt() <= 0) {
            throw new ManifestException(id, path + "." + field, "must be a positive whole number", "set " + field);
        }
        return value.asInt();
    }
}
