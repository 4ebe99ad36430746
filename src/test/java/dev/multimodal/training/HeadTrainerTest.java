package dev.multimodal.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.TestModels;
import dev.multimodal.api.Overflow;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.heads.HeadPrediction;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.models.HeadTask;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.models.ModelStatus;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.text.TextEmbedding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.regression.Regressor;

/** Heads trained on real sentence vectors, exported to ONNX, and served: the three must agree. */
class HeadTrainerTest {

    static final Path TOPICS = Path.of("functions/predict/topics.jsonl");

    @TempDir
    Path root;

    private static final List<float[]> VECTORS = new ArrayList<>();
    private static final List<String> LABELS = new ArrayList<>();

    @BeforeAll
    static void encodeTheTopics() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(TOPICS)) {
            JsonNode record = json.readTree(line);
            texts.add(record.get("text").asText());
            LABELS.add(record.get("label").asText());
        }
        for (TextEmbedding e : TestModels.encoder(TestModels.INT8)
                .encode(texts, Overflow.TRUNCATE)
                .get(60, TimeUnit.SECONDS)) {
            VECTORS.add(e.vector());
        }
    }

    private static TrainingSet topics() {
        return new TrainingSet(VECTORS, LABELS, null, TestModels.INT8, "weighted-average");
    }

    private static float[][] rows(List<Integer> indices) {
        float[][] rows = new float[indices.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = VECTORS.get(indices.get(i));
        }
        return rows;
    }

    private static Map<String, OnnxTensor> input(OrtEnvironment env, float[][] rows) throws Exception {
        return Map.of("input", OnnxTensor.createTensor(env, rows));
    }

    @Test
    void aTopicClassifierReachesNinetyPercentOnHeldOutSentencesAndItsOnnxAgreesWithTribuo() throws Exception {
        assertTrue(VECTORS.size() >= 150 && Set.copyOf(LABELS).size() >= 3);
        HeadTrainer.Trained head = HeadTrainer.train(topics(), HeadTask.CLASSIFICATION, HeadTrainer.Options.defaults());
        double accuracy = (double) head.metrics().get("accuracy");
        System.out.println("topic head: held-out accuracy " + accuracy + " on "
                + head.testRows().size() + " sentences");
        assertTrue(accuracy >= 0.9, "held-out accuracy " + accuracy);

        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) head.model();
        String[] names = Features.names(head.inputDimension());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(head.onnx().toByteArray())) {
            Map<String, OnnxTensor> in = input(env, rows(head.testRows()));
            try (OrtSession.Result result = session.run(in)) {
                float[][] probabilities =
                        (float[][]) result.get("output").orElseThrow().getValue();
                for (int r = 0; r < probabilities.length; r++) {
                    Prediction<Label> p = model.predict(Features.example(
                            new Label("?"), names, VECTORS.get(head.testRows().get(r))));
                    for (int c = 0; c < head.labels().size(); c++) {
                        double tribuo =
                                p.getOutputScores().get(head.labels().get(c)).getScore();
                        assertEquals(
                                tribuo,
                                probabilities[r][c],
                                1e-5,
                                "row " + r + ", " + head.labels().get(c));
                    }
                }
            } finally {
                in.values().forEach(OnnxTensor::close);
            }
        }
    }

    @Test
    void aLinearRegressionHeadsOnnxAgreesWithTribuo() throws Exception {
        // a value the vectors can carry linearly: a weighted sum of a few of their dimensions
        List<Double> values = new ArrayList<>();
        for (float[] v : VECTORS) {
            values.add(20.0 * v[3] - 15.0 * v[40] + 10.0 * v[100] + 1.0);
        }
        TrainingSet data = new TrainingSet(VECTORS, null, values, TestModels.INT8, "weighted-average");
        HeadTrainer.Trained head =
                HeadTrainer.train(data, HeadTask.REGRESSION, new HeadTrainer.Options(0.2, 0, 60, 7L));
        double rmse = (double) head.metrics().get("rmse");
        double spread = values.stream()
                .mapToDouble(Double::doubleValue)
                .map(Math::abs)
                .max()
                .orElseThrow();
        assertTrue(rmse < spread, "rmse " + rmse);
        @SuppressWarnings("unchecked")
        Model<Regressor> model = (Model<Regressor>) head.model();
        String[] names = Features.names(head.inputDimension());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(head.onnx().toByteArray())) {
            Map<String, OnnxTensor> in = input(env, rows(head.testRows()));
            try (OrtSession.Result result = session.run(in)) {
                float[][] out = (float[][]) result.get("output").orElseThrow().getValue();
                for (int r = 0; r < out.length; r++) {
                    Prediction<Regressor> p = model.predict(Features.example(
                            new Regressor("value", Double.NaN),
                            names,
                            VECTORS.get(head.testRows().get(r))));
                    assertEquals(p.getOutput().getValues()[0], out[r][0], 1e-5);
                }
            } finally {
                in.values().forEach(OnnxTensor::close);
            }
        }
    }

    @Test
    void aKMeansHeadAssignsHeldOutPointsToTribuosClustersThroughTheServingPath() throws Exception {
        HeadTrainer.Trained head =
                HeadTrainer.train(topics(), HeadTask.CLUSTERING, new HeadTrainer.Options(0.2, 4, 0, 11L));
        HeadWriter.write(root, "topic-clusters", "1.0.0", "k-means on topic sentences", head, topics());
        @SuppressWarnings("unchecked")
        Model<ClusterID> model = (Model<ClusterID>) head.model();
        String[] names = Features.names(head.inputDimension());
        try (ModelRepository repository =
                        ModelRepository.load(root, Set.of(), true, TestModels.host(), SessionSettings.cpuDefaults());
                HeadModel served = new HeadModel(
                        repository.get("topic-clusters").orElseThrow(),
                        TestModels.host().environment(),
                        TestModels.BATCHING,
                        new SimpleMeterRegistry())) {
            assertEquals(
                    ModelStatus.State.LOADING,
                    repository.statuses().get(0).state(),
                    repository.statuses().toString());
            assertEquals(HeadTask.CLUSTERING, served.settings().task());
            for (int row : head.testRows()) {
                int tribuo = model.predict(
                                Features.example(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, VECTORS.get(row)))
                        .getOutput()
                        .getID();
                HeadPrediction p = served.predict(VECTORS.get(row), TestModels.INT8, "vector")
                        .get(10, TimeUnit.SECONDS);
                assertEquals(tribuo, (int) p.cluster(), "row " + row);
                assertEquals(4, p.distances().length);
            }
        }
    }

    @Test
    void aServedClassifierRefusesVectorsOfAnotherSpaceOrSize() throws Exception {
        HeadTrainer.Trained head = HeadTrainer.train(topics(), HeadTask.CLASSIFICATION, HeadTrainer.Options.defaults());
        HeadWriter.write(root, "topics", "1.0.0", "topics", head, topics());
        try (ModelRepository repository =
                        ModelRepository.load(root, Set.of(), true, TestModels.host(), SessionSettings.cpuDefaults());
                HeadModel served = new HeadModel(
                        repository.get("topics").orElseThrow(),
                        TestModels.host().environment(),
                        TestModels.BATCHING,
                        new SimpleMeterRegistry())) {
            int row = head.testRows().get(0);
            HeadPrediction p =
                    served.predict(VECTORS.get(row), TestModels.INT8, "vector").get(10, TimeUnit.SECONDS);
            assertEquals(4, p.probabilities().size());
            assertEquals(
                    1.0,
                    p.probabilities().values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum(),
                    1e-5);
            InputException space = assertThrows(
                    InputException.class, () -> served.predict(VECTORS.get(row), "clip-vit-b-32", "vector"));
            assertEquals(422, FailureStatuses.status(space));
            InputException size =
                    assertThrows(InputException.class, () -> served.predict(new float[12], TestModels.INT8, "vector"));
            assertTrue(size.getMessage().contains("takes 384"), size.getMessage());
        }
    }
}
