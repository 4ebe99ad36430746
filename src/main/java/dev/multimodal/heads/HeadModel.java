package dev.multimodal.heads;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.multimodal.models.HeadTask;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.models.ModelManifest.HeadSettings;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.DirectBuffers;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.FiniteOutputs;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code head} model served through the same runtime and dynamic batcher as the encoders: rows
 * of vectors in, labels with probabilities, values or clusters out. A vector of another space or
 * size is refused, naming the field.
 */
public final class HeadModel implements AutoCloseable {

    private final ModelManifest manifest;
    private final HeadSettings head;
    private final DynamicBatcher<float[], float[]> batcher;

    public HeadModel(LoadedModel model, OrtEnvironment environment, BatcherSettings batching, MeterRegistry registry) {
        this.manifest = model.manifest();
        this.head = manifest.head();
        OrtSession session = model.session().session();
        this.batcher = new DynamicBatcher<>(
                manifest.id(),
                batching,
                () -> new Runner(environment, session),
                row -> (long) row.length * Float.BYTES,
                registry);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public HeadSettings settings() {
        return head;
    }

    /**
     * A fusion or projection head's vector for {@code input} (for fusion, the parts' vectors
     * concatenated in order), checked for size only: the caller checks each part's space.
     */
    public CompletableFuture<float[]> transform(float[] input, String field) {
        if (!head.makesVectors()) {
            throw InputException.unprocessable(
                    field,
                    "head '" + manifest.id() + "' is a " + head.task()
                            + " head; fusion and projection need a fusion or projection head");
        }
        if (input.length != head.inputDimension()) {
            throw InputException.unprocessable(
                    field,
                    field + " give " + input.length + " dimensions together; head '" + manifest.id() + "' takes "
                            + head.inputDimension());
        }
        return batcher.submit(input).thenApply(row -> FiniteOutputs.check(manifest.id(), row));
    }

    /**
     * @param space the space the vector lives in; must be the head's
     */
    public CompletableFuture<HeadPrediction> predict(float[] vector, String space, String field) {
        if (head.makesVectors()) {
            throw InputException.unprocessable(
                    "model", "head '" + manifest.id() + "' makes vectors (" + head.task() + "); use it from fuse");
        }
        if (!head.space().equals(space)) {
            throw InputException.unprocessable(
                    field,
                    field + " lives in space " + Echo.quoted(space) + "; head '" + manifest.id()
                            + "' was trained on space '" + head.space() + "'");
        }
        if (vector.length != head.inputDimension()) {
            throw InputException.unprocessable(
                    field,
                    field + " has " + vector.length + " dimensions; head '" + manifest.id() + "' takes "
                            + head.inputDimension());
        }
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw InputException.unprocessable(field, field + " holds NaN or an infinite value");
            }
        }
        return batcher.submit(vector).thenApply(this::interpret);
    }

    /** One row of the batch's output: probabilities, a value, or [cluster, distances...]. */
    private HeadPrediction interpret(float[] row) {
        FiniteOutputs.check(manifest.id(), row);
        switch (head.task()) {
            case CLASSIFICATION -> {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                int best = 0;
                for (int i = 0; i < row.length; i++) {
                    probabilities.put(head.labels().get(i), (double) row[i]);
                    if (row[i] > row[best]) {
                        best = i;
                    }
                }
                return new HeadPrediction(head.labels().get(best), probabilities, null, null, null);
            }
            case REGRESSION -> {
                return new HeadPrediction(null, null, (double) row[0], null, null);
            }
            default -> {
                float[] distances = Arrays.copyOfRange(row, 1, row.length);
                return new HeadPrediction(null, null, null, (int) row[0], distances);
            }
        }
    }

    /** One batcher worker's runs: rows into a direct input buffer it keeps between batches. */
    private final class Runner implements DynamicBatcher.BatchFunction<float[], float[]> {

        private final OrtEnvironment environment;
        private final OrtSession session;
        private FloatBuffer input;

        Runner(OrtEnvironment environment, OrtSession session) {
            this.environment = environment;
            this.session = session;
        }

        @Override
        public List<float[]> apply(List<float[]> rows, OrtSession.RunOptions options) throws OrtException {
            int cells = rows.size() * head.inputDimension();
            if (input == null || input.capacity() < cells) {
                input = DirectBuffers.floats(cells);
            }
            input.clear();
            rows.forEach(input::put);
            input.flip();
            return run(environment, session, input, rows.size(), options);
        }
    }

    private List<float[]> run(
            OrtEnvironment environment, OrtSession session, FloatBuffer input, int count, OrtSession.RunOptions options)
            throws OrtException {
        int d = head.inputDimension();
        boolean clustering = head.task() == HeadTask.CLUSTERING;
        String output = manifest.tensor("output");
        Set<String> wanted = clustering ? Set.of(output, manifest.tensor("distances")) : Set.of(output);
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, new long[] {count, d});
                OrtSession.Result result = session.run(Map.of(manifest.tensor("input"), tensor), wanted, options)) {
            List<float[]> out = new ArrayList<>(count);
            if (clustering) {
                LongBuffer clusters = ((OnnxTensor) result.get(output).orElseThrow()).getLongBuffer();
                FloatBuffer distances =
                        ((OnnxTensor) result.get(manifest.tensor("distances")).orElseThrow()).getFloatBuffer();
                int k = distances.capacity() / count;
                for (int i = 0; i < count; i++) {
                    float[] row = new float[k + 1];
                    row[0] = clusters.get(i);
                    distances.get(i * k, row, 1, k);
                    out.add(row);
                }
            } else {
                FloatBuffer values = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
                int k = values.capacity() / count;
                for (int i = 0; i < count; i++) {
                    float[] row = new float[k];
                    values.get(i * k, row);
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** The graph's batcher: OIP v2 requests to this graph queue on it too. */
    public DynamicBatcher<float[], float[]> batcher() {
        return batcher;
    }

    @Override
    public void close() {
        batcher.close();
    }
}
