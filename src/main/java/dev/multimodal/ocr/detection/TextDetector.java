package dev.multimodal.ocr.detection;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.ImagePreprocessing;
import dev.multimodal.image.ImagePreprocessor;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.ocr.TextBox;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.vision.ImageBatchRunner;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The detection step: a page → its text regions. The page is scaled so that its longest side is at
 * most {@code limitSide} (both sides multiples of {@code multiple}), run through the DB detector,
 * and its probability map turned into rotated boxes in the page's own pixels.
 */
public final class TextDetector {

    private final OcrSettings settings;
    private final DbPostProcessor postProcessor;
    private final DynamicBatcher<ImageTensor, ImageBatchRunner.Output> detector;

    public TextDetector(OcrSettings settings, DynamicBatcher<ImageTensor, ImageBatchRunner.Output> detector) {
        this.settings = settings;
        this.postProcessor = new DbPostProcessor(settings);
        this.detector = detector;
    }

    /**
     * The boxes of a page, in no particular order, the overlapping pieces of a row joined
     * ({@link RowPieces}); the future completes on {@code executor}.
     *
     * @throws dev.multimodal.refusal.OverloadedException when the detector's queue is full
     */
    public CompletableFuture<List<TextBox>> detect(DecodedImage image, StageTimes times, Executor executor) {
        int[] size = inputSize(image.width(), image.height());
        ImageTensor input = times.time("preprocess", () -> input(image, size));
        return detector.submit(input)
                .thenApplyAsync(
                        map -> times.time("postprocess", () -> RowPieces.join(boxes(map, size, image))), executor);
    }

    /** The boxes in the detector's output {@code map} for an input of {@code size} made from {@code image}. */
    public List<TextBox> boxes(ImageBatchRunner.Output map, int[] size, DecodedImage image) {
        long[] shape = map.shape();
        int mapH = (int) shape[shape.length - 2];
        int mapW = (int) shape[shape.length - 1];
        if (mapW != size[0] || mapH != size[1]) {
            throw new IllegalStateException("the detector answered a " + mapW + "x" + mapH + " map for a " + size[0]
                    + "x" + size[1] + " input");
        }
        return postProcessor.boxes(
                map.values(),
                mapW,
                mapH,
                image.width() / (float) mapW,
                image.height() / (float) mapH,
                image.width(),
                image.height());
    }

    /** The detector's input size {width, height}: the longest side at most limitSide, both sides multiples of 32. */
    public int[] inputSize(int w, int h) {
        double ratio = Math.min(1.0, settings.limitSide() / (double) Math.max(w, h));
        int m = settings.multiple();
        int outW = Math.max(m, (int) Math.round(w * ratio / m) * m);
        int outH = Math.max(m, (int) Math.round(h * ratio / m) * m);
        return new int[] {outW, outH};
    }

    /** The page as the detector's input tensor of {@code size}. */
    public ImageTensor input(DecodedImage image, int[] size) {
        ImagePreprocessing spec = new ImagePreprocessing(
                ImagePreprocessing.Resize.EXACT,
                0,
                size[0],
                size[1],
                "bilinear",
                0,
                0,
                0,
                0,
                1f / 255,
                settings.mean(),
                settings.std(),
                settings.channelOrder(),
                ImagePreprocessing.Layout.NCHW);
        return new ImagePreprocessor(spec).apply(image);
    }

    public DbPostProcessor postProcessor() {
        return postProcessor;
    }
}
