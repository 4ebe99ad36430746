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

    public OrientationClassifier(OcrSettings settings, DynamicBatcher<ImageTensor, ImageBatchRunner.Output> classifier) {
        this.settings = settings;
        this.classifier = classifier;
    }

    /** P(upside down) for each crop, in order. */
    public CompletableFuture<float[]> upsideDown(List<RegionCropper.Crop> crops, StageTimes times) {
        List<ImageTensor> inputs = times.time("preprocess", () -> {
            List<ImageTensor> list = new ArrayList<>(crops.size());
            crops.forEach(c -> list.add(RegionCropper.tensor(c, settings.classHeight(), settings.classWidth(),
                    settings.classWidth())));
            return list;
        });
        return Batches.submit(classifier, inputs).thenApply(outputs -> {
            float[] p = new float[outputs.size()];
            for (int i = 0; i < p.length; i++) {
                float[] v = outputs.get(i).values();
                p[i] = v[1] / (v[0] + v[1]);
            }
            return p;
        });
    }

    /** Whether a line with this P(upside down) is worth reading turned. */
    public boolean candidate(float upsideDown) {
        return upsideDown > 0.5f && upsideDown >= settings.classThreshold();
    }
}
