package dev.multimodal.ocr.orientation;

import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.ocr.RegionCropper;
import dev.multimodal.runtime.Batches;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.vision.ImageBatchRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The orientation step: for each line crop, the classifier's probability that it is upside down
 * (PaddleOCR's 0/180° classifier on a {@code classHeight × classWidth} strip). A line is a
 * candidate for turning when that probability is at least {@code classThreshold} (0.9, as in
 * PaddleOCR); the pipeline then lets the recogniser confirm it, since the classifier squeezes a long
 * line into 192 pixels and then often calls an upright line upside down.
 */
public final class OrientationClassifier {

    private final OcrSettings settings;
    private final DynamicBatcher<ImageTensor, ImageBatchRunner.Output> classifier;

    public OrientationClassifier(
            OcrSettings settings, DynamicBatcher<ImageTensor, ImageBatchRunner.Output> classifier) {
        this.settings = settings;
        this.classifier = classifier;
    }

    /**
     * P(upside down) for each crop, in order. A line longer than the classifier's strip is judged
     * on up to {@link #PIECES} pieces of the strip's own aspect (its start, middle and end) instead of
     * squeezed whole into it, and the pieces' probabilities are averaged.
     */
    public CompletableFuture<float[]> upsideDown(List<RegionCropper.Crop> crops, StageTimes times) {
        int[] first = new int[crops.size() + 1];
        List<ImageTensor> inputs = times.time("preprocess", () -> {
            List<ImageTensor> list = new ArrayList<>(crops.size());
            for (int i = 0; i < crops.size(); i++) {
                first[i] = list.size();
                for (RegionCropper.Crop piece : pieces(crops.get(i))) {
                    list.add(RegionCropper.tensor(
                            piece, settings.classHeight(), settings.classWidth(), settings.classWidth()));
                }
            }
            first[crops.size()] = list.size();
            return list;
        });
        return Batches.submit(classifier, inputs).thenApply(outputs -> {
            float[] p = new float[crops.size()];
            for (int i = 0; i < p.length; i++) {
                double sum = 0;
                for (int k = first[i]; k < first[i + 1]; k++) {
                    float[] v = outputs.get(k).values();
                    sum += v[1] / (v[0] + v[1]);
                }
                p[i] = (float) (sum / (first[i + 1] - first[i]));
            }
            return p;
        });
    }

    /** Most pieces a line is judged on. */
    public static final int PIECES = 3;

    /** The crop, or, when it is longer than the strip's aspect, its start, middle and end at that aspect. */
    List<RegionCropper.Crop> pieces(RegionCropper.Crop crop) {
        int piece = (int) Math.ceil(crop.height() * settings.classWidth() / (double) settings.classHeight());
        if (crop.width() <= piece * 1.5) {
            return List.of(crop);
        }
        int count = Math.min(PIECES, crop.width() / piece);
        List<RegionCropper.Crop> pieces = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int from = count == 1 ? 0 : (int) Math.round(k * (crop.width() - piece) / (double) (count - 1));
            pieces.add(RegionCropper.slice(crop, from, from + piece));
        }
        return pieces;
    }

    /** Whether a line with this P(upside down) is worth reading turned. */
    public boolean candidate(float upsideDown) {
        return upsideDown > 0.5f && upsideDown >= settings.classThreshold();
    }
}
