package dev.multimodal.ocr;

import dev.multimodal.ocr.detection.DbPostProcessor;
import dev.multimodal.ocr.recognition.CtcDecoder;
import dev.multimodal.runtime.Batches;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.vision.ImageBatchRunner;

import ai.onnxruntime.OrtEnvironment;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.ImagePreprocessing;
import dev.multimodal.image.ImagePreprocessor;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.DynamicBatcher;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Image → lines of text with an {@code ocr} model (PaddleOCR PP-OCRv4): detect text regions (DB),
 * crop and straighten each, turn upside-down lines (orientation classifier), recognise each line
 * (CTC over the dictionary), and put the lines in reading order. Each stage's graph has its own
 * dynamic batcher, so lines from concurrent requests share {@code session.run} calls.
 */
public final class OcrEngine implements AutoCloseable {

    public static final int DEFAULT_LINES_PER_BATCH = 4;

    private final ModelManifest manifest;
    private final OcrSettings settings;
    private final DbPostProcessor postProcessor;
    private final CtcDecoder decoder;
    private final DynamicBatcher<ImageTensor, ImageBatchRunner.Output> detector;
    private final DynamicBatcher<ImageTensor, ImageBatchRunner.Output> classifier;
    private final DynamicBatcher<ImageTensor, ImageBatchRunner.Output> recognizer;
    private final ExecutorService stages;

    public OcrEngine(LoadedModel model, OrtEnvironment environment, BatcherSettings batching, MeterRegistry registry)
            throws ManifestException {
        this(model, environment, batching, DEFAULT_LINES_PER_BATCH, registry);
    }

    /**
     * @param linesPerBatch most lines in one recogniser run: a line costs about the same alone or
     *                      batched on a CPU, so small batches let the lines of one page run on
     *                      every batch worker at once instead of one after another
     */
    public OcrEngine(LoadedModel model, OrtEnvironment environment, BatcherSettings batching, int linesPerBatch,
                     MeterRegistry registry) throws ManifestException {
        this.manifest = model.manifest();
        this.settings = manifest.ocr();
        this.postProcessor = new DbPostProcessor(settings);
        this.decoder = CtcDecoder.load(model, settings.spaceChar());
        this.detector = batcher(model, "detection", environment, batching, registry);
        this.classifier = batcher(model, "classification", environment, batching, registry);
        this.recognizer = batcher(model, "recognition", environment, batching.withMaxBatchSize(linesPerBatch), registry);
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.stages = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "ocr-" + manifest.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static DynamicBatcher<ImageTensor, ImageBatchRunner.Output> batcher(
            LoadedModel model, String stage, OrtEnvironment environment, BatcherSettings batching,
            MeterRegistry registry) {
        ModelManifest m = model.manifest();
        return new DynamicBatcher<>(m.id() + "/" + stage, batching, () -> new ImageBatchRunner(environment,
                model.session(stage).session(), m.tensor(stage + "Input"), m.tensor(stage + "Output")),
                ImageBatchRunner::cost, registry);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    OcrSettings settings() {
        return settings;
    }

    DbPostProcessor postProcessor() {
        return postProcessor;
    }

    public CompletableFuture<OcrResult> read(DecodedImage image) {
        return read(image, StageTimes.NONE);
    }

    /**
     * Reads the image. The future completes on an OCR stage thread, never on a batcher's worker,
     * so the post-processing of one request does not hold up the model for the others.
     *
     * @throws dev.multimodal.runtime.OverloadedException when the detector's queue is full
     */
    public CompletableFuture<OcrResult> read(DecodedImage image, StageTimes times) {
        int[] size = detectorSize(image.width(), image.height());
        ImageTensor input = times.time("preprocess", () -> detectorInput(image, size));
        return detector.submit(input).thenComposeAsync(map -> {
            List<RegionCropper.Crop> crops = new ArrayList<>();
            List<TextBox> boxes = times.time("postprocess", () -> {
                List<TextBox> found = postProcessor.boxes(map.values(), size[0], size[1],
                        image.width() / (float) size[0], image.height() / (float) size[1], image.width(), image.height());
                found.forEach(box -> crops.add(RegionCropper.crop(image, box)));
                return found;
            });
            if (boxes.isEmpty()) {
                return CompletableFuture.completedFuture(new OcrResult(List.of(), ""));
            }
            return orient(crops, times).thenComposeAsync(turned -> recognise(boxes, crops, turned, times), stages);
        }, stages);
    }

    /** The detector's input size: the longest side at most limitSide, both sides multiples of 32. */
    int[] detectorSize(int w, int h) {
        double ratio = Math.min(1.0, settings.limitSide() / (double) Math.max(w, h));
        int m = settings.multiple();
        int outW = Math.max(m, (int) Math.round(w * ratio / m) * m);
        int outH = Math.max(m, (int) Math.round(h * ratio / m) * m);
        return new int[]{outW, outH};
    }

    ImageTensor detectorInput(DecodedImage image, int[] size) {
        ImagePreprocessing spec = new ImagePreprocessing("exact", 0, size[0], size[1], "bilinear", 0, 0, 0, 0,
                1f / 255, settings.mean(), settings.std(), settings.channelOrder(), "NCHW");
        return new ImagePreprocessor(spec).apply(image);
    }

    /** Which crops the classifier says are upside down (and confident enough to turn). */
    private CompletableFuture<boolean[]> orient(List<RegionCropper.Crop> crops, StageTimes times) {
        List<ImageTensor> inputs = times.time("preprocess", () -> {
            List<ImageTensor> list = new ArrayList<>(crops.size());
            crops.forEach(c -> list.add(RegionCropper.tensor(c, settings.classHeight(), settings.classWidth(),
                    settings.classWidth())));
            return list;
        });
        return Batches.submit(classifier, inputs).thenApply(outputs -> {
            boolean[] turned = new boolean[outputs.size()];
            for (int i = 0; i < turned.length; i++) {
                float[] p = outputs.get(i).values();
                turned[i] = p[1] > p[0] && p[1] >= settings.classThreshold();
            }
            return turned;
        });
    }

    private CompletableFuture<OcrResult> recognise(List<TextBox> boxes, List<RegionCropper.Crop> crops,
                                                   boolean[] turned, StageTimes times) {
        List<ImageTensor> inputs = times.time("preprocess", () -> {
            List<ImageTensor> list = new ArrayList<>(crops.size());
            for (int i = 0; i < crops.size(); i++) {
                RegionCropper.Crop crop = turned[i] ? RegionCropper.rotateHalf(crops.get(i)) : crops.get(i);
                list.add(RegionCropper.tensor(crop, settings.recHeight(), settings.recMaxWidth(), 0));
            }
            return list;
        });
        return Batches.submit(recognizer, inputs).thenApplyAsync(outputs -> times.time("postprocess", () -> {
            List<OcrLine> lines = new ArrayList<>();
            List<TextBox> kept = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                CtcDecoder.Decoded decoded = decoder.decode(outputs.get(i));
                if (decoded.text().isBlank() || decoded.confidence() < settings.dropScore()) {
                    continue;
                }
                lines.add(new OcrLine(decoded.text().strip(), decoded.confidence(), boxes.get(i).points(), turned[i]));
                kept.add(boxes.get(i));
            }
            return ReadingOrder.arrange(lines, kept);
        }), stages);
    }

    @Override
    public void close() {
        detector.close();
        classifier.close();
        recognizer.close();
        stages.shutdownNow();
    }

    /** Reading order: rows from the top, a line joining a row when its middle lies within the row's height. */
    static final class ReadingOrder {

        private ReadingOrder() {
        }

        static OcrResult arrange(List<OcrLine> lines, List<TextBox> boxes) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble(i -> boxes.get(i).top()));
            List<List<Integer>> rows = new ArrayList<>();
            float rowTop = 0;
            float rowBottom = -1;
            for (int i : order) {
                TextBox box = boxes.get(i);
                float middle = (box.top() + box.bottom()) / 2;
                if (rows.isEmpty() || middle > rowBottom || middle < rowTop) {
                    rows.add(new ArrayList<>());
                    rowTop = box.top();
                    rowBottom = box.bottom();
                }
                rows.get(rows.size() - 1).add(i);
            }
            List<OcrLine> arranged = new ArrayList<>(lines.size());
            List<Integer> rowStarts = new ArrayList<>();
            for (List<Integer> row : rows) {
                row.sort(Comparator.comparingDouble(i -> boxes.get(i).left()));
                rowStarts.add(arranged.size());
                row.forEach(i -> arranged.add(lines.get(i)));
            }
            return OcrResult.of(arranged, rowStarts);
        }
    }
}
