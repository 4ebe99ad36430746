package dev.multimodal.ocr.recognition;

import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.ocr.RegionCropper;
import dev.multimodal.runtime.Batches;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.FiniteOutputs;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.vision.ImageBatchRunner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The recognition step: line crops → text (SVTR-LCNet, greedy CTC). Each crop is scaled to
 * {@code recHeight} keeping its aspect and zero-padded on the right to the next multiple of
 * {@link #WIDTH_STEP}, so its tensor depends on the crop alone: crops of one width bucket batch
 * together, and a line reads the same alone and among any batch-mates. The crops go to the batcher
 * sorted by width, so neighbours in the queue share a bucket (PaddleOCR sorts by aspect ratio for
 * the same reason); a line's cost grows with its width.
 */
public final class TextRecognizer {

    /** Crop widths are rounded up to a multiple of this many pixels. */
    public static final int WIDTH_STEP = 32;

    private final OcrSettings settings;
    private final CtcDecoder decoder;
    private final DynamicBatcher<ImageTensor, ImageBatchRunner.Output> recognizer;

    public TextRecognizer(
            OcrSettings settings, CtcDecoder decoder, DynamicBatcher<ImageTensor, ImageBatchRunner.Output> recognizer) {
        this.settings = settings;
        this.decoder = decoder;
        this.recognizer = recognizer;
    }

    /** The width bucket a crop's tensor has. */
    public int tensorWidth(RegionCropper.Crop crop) {
        int width = RegionCropper.width(crop, settings.recHeight(), settings.recMaxWidth());
        return Math.min(settings.recMaxWidth(), (width + WIDTH_STEP - 1) / WIDTH_STEP * WIDTH_STEP);
    }

    /** A line's text, its confidence checked: a NaN probability is a damaged model, not a 0-1 score. */
    private CtcDecoder.Decoded decode(ImageBatchRunner.Output output) {
        CtcDecoder.Decoded decoded = decoder.decode(output);
        FiniteOutputs.check(recognizer.name(), new float[] {decoded.confidence()});
        return decoded;
    }

    /** Each crop's text and confidence, in the order given. */
    public CompletableFuture<List<CtcDecoder.Decoded>> read(List<RegionCropper.Crop> crops, StageTimes times) {
        if (crops.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<Integer> order = new ArrayList<>(crops.size());
        int[] widths = new int[crops.size()];
        for (int i = 0; i < crops.size(); i++) {
            order.add(i);
            widths[i] = tensorWidth(crops.get(i));
        }
        order.sort(Comparator.comparingInt(i -> widths[i]));
        List<ImageTensor> inputs = times.time("preprocess", () -> {
            List<ImageTensor> list = new ArrayList<>(crops.size());
            for (int i : order) {
                RegionCropper.Crop crop = crops.get(i);
                list.add(RegionCropper.resized(
                        crop,
                        settings.recHeight(),
                        RegionCropper.width(crop, settings.recHeight(), settings.recMaxWidth()),
                        widths[i]));
            }
            return list;
        });
        // each line's per-step probabilities (steps × 6,625 floats, megabytes for a long line) are
        // decoded as soon as its batch has run, not held until the page's last line is read
        return Batches.submit(recognizer, inputs, this::decode).thenApply(read -> {
            CtcDecoder.Decoded[] decoded = new CtcDecoder.Decoded[crops.size()];
            for (int k = 0; k < read.size(); k++) {
                decoded[order.get(k)] = read.get(k);
            }
            return List.of(decoded);
        });
    }
}
