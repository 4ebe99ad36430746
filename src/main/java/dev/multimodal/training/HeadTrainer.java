package dev.multimodal.training;

import ai.onnx.proto.OnnxMl;
import dev.multimodal.models.HeadTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Trains a head with Tribuo on a held-out split: logistic regression (classification), linear
 * regression (SGD, squared loss), or k-means; measures it on the held-out part; exports it to ONNX
 * (Tribuo's own export for the linear models, {@link KMeansOnnx} for k-means).
 */
public final class HeadTrainer {

    /**
     * @param testFraction share of the records held out, at least one
     * @param clusters     k, for clustering
     * @param epochs       passes over the data, for the linear models
     */
    public record Options(double testFraction, int clusters, int epochs, long seed) {

        public static Options defaults() {
            return new Options(0.2, 3, 10, 42L);
        }
    }

    /**
     * A trained head.
     *
     * @param metrics  held-out accuracy (classification), RMSE (regression), or cluster sizes
     * @param labels   classification: the label of each ONNX output column, in order
     * @param testRows the held-out record indices, for checks
     */
    public record Trained(
            HeadTask task,
            Model<?> model,
            OnnxMl.ModelProto onnx,
            Map<String, Object> metrics,
            List<String> labels,
            int inputDimension,
            List<Integer> testRows) {}

    private HeadTrainer() {}

    public static Trained train(TrainingSet data, HeadTask task, Options options) {
        int n = data.vectors().size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(options.seed()));
        int test = Math.max(1, (int) Math.round(n * options.testFraction()));
        if (test >= n) {
            throw new IllegalArgumentException("need more than " + test + " records to hold " + test + " out");
        }
        List<Integer> testRows = List.copyOf(order.subList(0, test));
        List<Integer> trainRows = order.subList(test, n);
        String[] names = Features.names(data.dimension());
        return switch (task) {
            case CLASSIFICATION -> classification(data, names, trainRows, testRows, options);
            case REGRESSION -> regression(data, names, trainRows, testRows, options);
            case CLUSTERING -> clustering(data, names, trainRows, testRows, options);
            case FUSION, PROJECTION ->
                throw new IllegalArgumentException("train-head trains classification, "
                        + "regression and clustering heads; a " + task.label() + " head is exported by hand");
        };
    }

    private static Trained classification(
            TrainingSet data, String[] names, List<Integer> train, List<Integer> test, Options options) {
        if (data.labels() == null) {
            throw new IllegalArgumentException("classification needs a label on every record");
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance("train-head", factory), factory);
        for (int i : train) {
            dataset.add(Features.example(
                    new Label(data.labels().get(i)), names, data.vectors().get(i)));
        }
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer(); // AdaGrad, 5 epochs, a fixed seed
        LinearSGDModel model = (LinearSGDModel) trainer.train(dataset);
        int correct = 0;
        for (int i : test) {
            Prediction<Label> p = model.predict(Features.example(
                    new Label(data.labels().get(i)), names, data.vectors().get(i)));
            if (p.getOutput().getLabel().equals(data.labels().get(i))) {
                correct++;
            }
        }
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < model.getOutputIDInfo().size(); id++) {
            labels.add(model.getOutputIDInfo().getOutput(id).getLabel());
        }
        Map<String, Object> metrics = new TreeMap<>();
        metrics.put("heldOut", test.size());
        metrics.put("accuracy", correct / (double) test.size());
        return new Trained(
                HeadTask.CLASSIFICATION,
                model,
                model.exportONNXModel("dev.multimodal.heads", 1),
                metrics,
                List.copyOf(labels),
                data.dimension(),
                test);
    }

    private static Trained regression(
            TrainingSet data, String[] names, List<Integer> train, List<Integer> test, Options options) {
        if (data.values() == null) {
            throw new IllegalArgumentException("regression needs a value on every record");
        }
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance("train-head", factory), factory);
        for (int i : train) {
            dataset.add(Features.example(
                    new Regressor("value", data.values().get(i)),
                    names,
                    data.vectors().get(i)));
        }
        LinearSGDTrainer trainer =
                new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1), options.epochs(), options.seed());
        org.tribuo.regression.sgd.linear.LinearSGDModel model =
                (org.tribuo.regression.sgd.linear.LinearSGDModel) trainer.train(dataset);
        double squared = 0;
        for (int i : test) {
            Prediction<Regressor> p = model.predict(Features.example(
                    new Regressor("value", Double.NaN), names, data.vectors().get(i)));
            double error = p.getOutput().getValues()[0] - data.values().get(i);
            squared += error * error;
        }
        Map<String, Object> metrics = new TreeMap<>();
        metrics.put("heldOut", test.size());
        metrics.put("rmse", Math.sqrt(squared / test.size()));
        return new Trained(
                HeadTask.REGRESSION,
                model,
                model.exportONNXModel("dev.multimodal.heads", 1),
                metrics,
                List.of(),
                data.dimension(),
                test);
    }

    private static Trained clustering(
            TrainingSet data, String[] names, List<Integer> train, List<Integer> test, Options options) {
        ClusteringFactory factory = new ClusteringFactory();
        MutableDataset<ClusterID> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance("train-head", factory), factory);
        for (int i : train) {
            dataset.add(Features.example(
                    ClusteringFactory.UNASSIGNED_CLUSTER_ID,
                    names,
                    data.vectors().get(i)));
        }
        KMeansTrainer trainer = new KMeansTrainer(
                options.clusters(),
                100,
                KMeansTrainer.Distance.EUCLIDEAN,
                KMeansTrainer.Initialisation.PLUSPLUS,
                1,
                options.seed());
        KMeansModel model = trainer.train(dataset);
        Map<Integer, Integer> sizes = new TreeMap<>();
        for (int i : test) {
            Example<ClusterID> example = Features.example(
                    ClusteringFactory.UNASSIGNED_CLUSTER_ID,
                    names,
                    data.vectors().get(i));
            sizes.merge(model.predict(example).getOutput().getID(), 1, Integer::sum);
        }
        Map<String, Object> metrics = new TreeMap<>();
        metrics.put("heldOut", test.size());
        metrics.put("heldOutClusterSizes", sizes);
        return new Trained(
                HeadTask.CLUSTERING,
                model,
                KMeansOnnx.export(model, "dev.multimodal.heads", 1),
                metrics,
                List.of(),
                data.dimension(),
                test);
    }
}
