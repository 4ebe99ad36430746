package dev.multimodal.scoring;

import dev.multimodal.api.CaptionScore;
import dev.multimodal.runtime.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks candidate captions for an image vector, as clip-as-service does: the raw cosine next to a
 * probability users can read, softmax over {@code logitScale × cosine} (the scale from the image
 * model's manifest: 100 for CLIP).
 */
public final class CaptionRanker {

    private CaptionRanker() {}

    /**
     * @param image    the image's vector
     * @param captions the captions' vectors, in the same space and of the same size
     */
    public static List<CaptionScore> rank(
            float[] image, List<String> texts, List<float[]> captions, double logitScale) {
        if (texts.size() != captions.size() || captions.isEmpty()) {
            throw new IllegalArgumentException("one vector per caption, at least one caption");
        }
        double[] cosines = new double[captions.size()];
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < captions.size(); i++) {
            if (captions.get(i).length != image.length) {
                throw new IllegalArgumentException(
                        "caption " + i + " has " + captions.get(i).length + " dimensions, the image " + image.length);
            }
            cosines[i] = Vectors.cosine(image, captions.get(i));
            top = Math.max(top, logitScale * cosines[i]);
        }
        double total = 0;
        double[] weights = new double[cosines.length];
        for (int i = 0; i < cosines.length; i++) {
            weights[i] = Math.exp(logitScale * cosines[i] - top); // shifted by the largest: no overflow
            total += weights[i];
        }
        List<CaptionScore> scores = new ArrayList<>(cosines.length);
        for (int i = 0; i < cosines.length; i++) {
            scores.add(new CaptionScore(i, texts.get(i), cosines[i], weights[i] / total, 0));
        }
        scores.sort(Comparator.comparingDouble(CaptionScore::cosine).reversed());
        List<CaptionScore> ranked = new ArrayList<>(scores.size());
        for (int r = 0; r < scores.size(); r++) {
            CaptionScore s = scores.get(r);
            ranked.add(new CaptionScore(s.index(), s.caption(), s.cosine(), s.probability(), r + 1));
        }
        return ranked;
    }

    /** "a photo of a {}" × ["cat", "dog"] → ["a photo of a cat", "a photo of a dog"]. */
    public static List<String> fromLabels(List<String> labels, String template) {
        int at = template.indexOf("{}");
        if (at < 0 || template.indexOf("{}", at + 2) >= 0) {
            throw new IllegalArgumentException("the template must hold {} exactly once, as in \"a photo of a {}\"");
        }
        List<String> captions = new ArrayList<>(labels.size());
        for (String label : labels) {
            captions.add(template.substring(0, at) + label + template.substring(at + 2));
        }
        return captions;
    }
}
