package dev.multimodal.fusion;

import dev.multimodal.api.FusionStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuses vectors: weighted average (weights normalised to sum 1), element-wise max, min and median,
 * concatenation, and attention of one image vector over text vectors, with weights
 * softmax(x_img · x_textᵀ / τ) and the output Σ wᵢ x_textᵢ. Refuses, naming the parts, what would
 * give a meaningless vector: no parts, NaN or infinite values, mismatched dimensions, and
 * element-wise fusion across spaces unless mixed spaces are allowed.
 */
public final class Fuser {

    /**
     * @param allowMixedSpaces let element-wise strategies combine vectors from different models
     * @param temperature      τ of attention, above 0
     * @param normalize        L2-normalise the result
     */
    public record Options(boolean allowMixedSpaces, double temperature, boolean normalize) {

        /** τ of the attention strategy when none is given; {@code mmf.fusion.temperature} defaults to it. */
        public static final double DEFAULT_TEMPERATURE = 0.1;

        public static Options defaults() {
            return new Options(false, DEFAULT_TEMPERATURE, true);
        }
    }

    public FusionResult fuse(List<FusionPart> parts, FusionStrategy strategy, Options options) {
        if (parts == null || parts.isEmpty()) {
            throw new FusionException("parts", "parts is empty: give at least one vector to fuse");
        }
        checkFinite(parts);
        if (strategy == FusionStrategy.LEARNED) {
            throw new FusionException("strategy", "learned fusion runs a fusion head: name it in 'head'");
        }
        Set<String> spaces = new LinkedHashSet<>();
        parts.forEach(p -> spaces.add(p.space()));
        String space = spaces.size() == 1 && spaces.iterator().next() != null && strategy != FusionStrategy.CONCAT
                ? spaces.iterator().next()
                : "fused:" + strategy.label();
        if (strategy == FusionStrategy.CONCAT) {
            return finish(concat(parts), space, strategy, null, options);
        }
        checkDimensions(parts);
        if (elementWise(strategy) || strategy == FusionStrategy.ATTENTION) {
            checkSpaces(parts, spaces, strategy, options);
        }
        return switch (strategy) {
            case WEIGHTED_AVERAGE -> finish(weightedAverage(parts), space, strategy, null, options);
            case MAX, MIN, MEDIAN -> finish(elementWise(parts, strategy), space, strategy, null, options);
            case ATTENTION -> attention(parts, space, options);
            default -> throw new IllegalStateException(strategy.name());
        };
    }

    private static float[] weightedAverage(List<FusionPart> parts) {
        double total = 0;
        for (int i = 0; i < parts.size(); i++) {
            double w = parts.get(i).weight();
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new FusionException(
                        "parts[" + i + "].weight",
                        "parts[" + i + "].weight must be a finite " + "number of at least 0, not " + w);
            }
            total += w;
        }
        if (total <= 0) {
            throw new FusionException("parts", "the weights sum to 0: give at least one part a positive weight");
        }
        int dim = parts.get(0).vector().length;
        double[] sum = new double[dim];
        for (FusionPart part : parts) {
            double w = part.weight() / total;
            for (int j = 0; j < dim; j++) {
                sum[j] += w * part.vector()[j];
            }
        }
        return toFloat(sum);
    }

    private static float[] elementWise(List<FusionPart> parts, FusionStrategy strategy) {
        int dim = parts.get(0).vector().length;
        float[] out = new float[dim];
        float[] column = new float[parts.size()];
        for (int j = 0; j < dim; j++) {
            for (int i = 0; i < parts.size(); i++) {
                column[i] = parts.get(i).vector()[j];
            }
            out[j] = switch (strategy) {
                case MAX -> max(column);
                case MIN -> -max(negate(column));
                default -> median(column);
            };
        }
        return out;
    }

    private static float[] concat(List<FusionPart> parts) {
        int dim = parts.stream().mapToInt(p -> p.vector().length).sum();
        float[] out = new float[dim];
        int at = 0;
        for (FusionPart part : parts) {
            System.arraycopy(part.vector(), 0, out, at, part.vector().length);
            at += part.vector().length;
        }
        return out;
    }

    private FusionResult attention(List<FusionPart> parts, String space, Options options) {
        if (!(options.temperature() > 0) || Double.isInfinite(options.temperature())) {
            throw new FusionException("temperature", "temperature must be above 0, not " + options.temperature());
        }
        List<Integer> images = new ArrayList<>();
        List<Integer> texts = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ("image".equals(parts.get(i).modality()) ? images : texts).add(i);
        }
        if (images.size() != 1 || texts.isEmpty()) {
            throw new FusionException(
                    "parts",
                    "attention needs exactly one image part and at least one other part; " + "got image parts " + images
                            + " and others " + texts);
        }
        float[] query = parts.get(images.get(0)).vector();
        double[] logits = new double[texts.size()];
        double top = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < texts.size(); k++) {
            logits[k] = dot(query, parts.get(texts.get(k)).vector()) / options.temperature();
            top = Math.max(top, logits[k]);
        }
        double total = 0;
        double[] weights = new double[texts.size()];
        for (int k = 0; k < texts.size(); k++) {
            weights[k] = Math.exp(logits[k] - top); // shifted by the largest: no overflow
            total += weights[k];
        }
        double[] sum = new double[query.length];
        for (int k = 0; k < texts.size(); k++) {
            weights[k] /= total;
            float[] text = parts.get(texts.get(k)).vector();
            for (int j = 0; j < sum.length; j++) {
                sum[j] += weights[k] * text[j];
            }
        }
        return finish(toFloat(sum), space, FusionStrategy.ATTENTION, weights, options);
    }

    private static FusionResult finish(
            float[] vector, String space, FusionStrategy strategy, double[] weights, Options options) {
        if (options.normalize()) {
            double norm = 0;
            for (float v : vector) {
                norm += (double) v * v;
            }
            if (norm > 0) {
                double scale = 1 / Math.sqrt(norm);
                for (int j = 0; j < vector.length; j++) {
                    vector[j] = (float) (vector[j] * scale);
                }
            }
        }
        return new FusionResult(vector, space, strategy, weights);
    }

    private static void checkFinite(List<FusionPart> parts) {
        for (int i = 0; i < parts.size(); i++) {
            float[] v = parts.get(i).vector();
            if (v == null || v.length == 0) {
                throw new FusionException("parts[" + i + "].vector", "parts[" + i + "] has no vector");
            }
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    throw new FusionException(
                            "parts[" + i + "].vector",
                            "parts[" + i + "].vector[" + j + "] is " + v[j] + ": vectors must be finite");
                }
            }
        }
    }

    private static void checkDimensions(List<FusionPart> parts) {
        int dim = parts.get(0).vector().length;
        for (int i = 1; i < parts.size(); i++) {
            if (parts.get(i).vector().length != dim) {
                throw new FusionException(
                        "parts",
                        "parts[0] has " + dim + " dimensions but parts[" + i + "] has "
                                + parts.get(i).vector().length + ": only concat fuses vectors of different sizes");
            }
        }
    }

    private static void checkSpaces(
            List<FusionPart> parts, Set<String> spaces, FusionStrategy strategy, Options options) {
        if (spaces.size() > 1 && !options.allowMixedSpaces()) {
            List<String> each = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                each.add("parts[" + i + "] in " + parts.get(i).space());
            }
            throw new FusionException(
                    "parts",
                    strategy.label() + " compares coordinates, but the parts come from " + "different spaces ("
                            + String.join(", ", each) + "); set allowMixedSpaces to fuse them anyway");
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (double) a[j] * b[j];
        }
        return s;
    }

    private static float max(float[] values) {
        float m = values[0];
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static float[] negate(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }

    /** Middle value; for an even count, the mean of the two middle values. */
    private static float median(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (float) (((double) sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int j = 0; j < values.length; j++) {
            out[j] = (float) values[j];
        }
        return out;
    }

    private static boolean elementWise(FusionStrategy strategy) {
        return strategy != FusionStrategy.CONCAT
                && strategy != FusionStrategy.ATTENTION
                && strategy != FusionStrategy.LEARNED;
    }
}
