package dev.multimodal.ocr;

import ai.onnxruntime.OrtEnvironment;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.ocr.detection.TextDetector;
import dev.multimodal.ocr.orientation.OrientationClassifier;
import dev.multimodal.ocr.recognition.CtcDecoder;
import dev.multimodal.ocr.recognition.TextRecognizer;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.Niceness;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.vision.ImageBatchRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Image → lines of text with an {@code ocr} model (PaddleOCR PP-OCRv4), one stage after another:
 * {@link TextDetector} finds the text regions (DB), {@link RegionCropper} cuts each out as an
 * upright strip, {@link OrientationClassifier} names the strips that may be upside down,
 * {@link TextRecognizer} reads every strip, and each candidate turned as well (the reading the
 * recogniser is surer of wins), and {@link ReadingOrder} puts the lines in columns, blocks and rows.
 * Each stage's graph has its own dynamic batcher, so lines from concurrent requests share
 * {@code session.run} calls; no stage pads one item to another's size, so a page reads the same
 * alone and among any batch-mates.
 */
public final class OcrEngine implements AutoCloseable {

    public static final int DEFAULT_LINES_PER_BATCH = 4;

    private final ModelManifest manifest;
    private final OcrSettings settings;
    private final TextDetector detector;
    private final OrientationClassifier orientation;
    private final TextRecognizer recognizer;
    private final List<DynamicBatcher<ImageTensor, ImageBatchRunner.Output>> batchers;
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
    public OcrEngine(
            LoadedModel model,
            OrtEnvironment environment,
            BatcherSettings batching,
            int linesPerBatch,
            MeterRegistry registry)
            throws ManifestException {
        this(model, model.manifest().ocr(), environment, batching, linesPerBatch, registry);
    }

    /** With {@code settings} in place of the manifest's: for measuring one setting against another. */
    public OcrEngine(
            LoadedModel model,
            OcrSettings settings,
            OrtEnvironment environment,
            BatcherSettings batching,
            int linesPerBatch,
            MeterRegistry registry)
            throws ManifestException {
        this.manifest = model.manifest();
        this.settings = settings;
        DynamicBatcher<ImageTensor, ImageBatchRunner.Output> detection =
                batcher(model, "detection", environment, batching, registry);
        DynamicBatcher<ImageTensor, ImageBatchRunner.Output> classification =
                batcher(model, "classification", environment, batching, registry);
        DynamicBatcher<ImageTensor, ImageBatchRunner.Output> recognition =
                batcher(model, "recognition", environment, batching.withMaxBatchSize(linesPerBatch), registry);
        this.batchers = List.of(detection, classification, recognition);
        this.detector = new TextDetector(settings, detection);
        this.orientation = new OrientationClassifier(settings, classification);
        this.recognizer = new TextRecognizer(settings, CtcDecoder.load(model, settings.spaceChar()), recognition);
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.stages = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(
                    () -> {
                        Niceness.background();
                        runnable.run();
                    },
                    "ocr-" + manifest.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static DynamicBatcher<ImageTensor, ImageBatchRunner.Output> batcher(
            LoadedModel model,
            String stage,
            OrtEnvironment environment,
            BatcherSettings batching,
            MeterRegistry registry) {
        ModelManifest m = model.manifest();
        return new DynamicBatcher<>(
                m.id() + "/" + stage,
                batching,
                () -> new ImageBatchRunner(
                        environment,
                        model.session(stage).session(),
                        m.tensor(stage + "Input"),
                        m.tensor(stage + "Output")),
                ImageBatchRunner::cost,
                registry);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public OcrSettings settings() {
        return settings;
    }

    public TextDetector detector() {
        return detector;
    }

    public OrientationClassifier orientation() {
        return orientation;
    }

    public TextRecognizer recognizer() {
        return recognizer;
    }

    public CompletableFuture<OcrResult> read(DecodedImage image) {
        return read(image, StageTimes.NONE);
    }

    /**
     * Reads the image. The future completes on an OCR stage thread, never on a batcher's worker,
     * so the post-processing of one request does not hold up the model for the others.
     *
     * @throws dev.multimodal.refusal.OverloadedException when the detector's queue is full
     */
    public CompletableFuture<OcrResult> read(DecodedImage image, StageTimes times) {
        return read(image, times, Cancellation.none());
    }

    /**
     * As {@link #read(DecodedImage, StageTimes)}; once {@code cancel} fires, the stages not yet
     * begun (orientation, recognition) are not: each stage boundary checks it.
     */
    public CompletableFuture<OcrResult> read(DecodedImage image, StageTimes times, Cancellation cancel) {
        cancel.check();
        return detector.detect(image, times, stages)
                .thenComposeAsync(
                        boxes -> {
                            cancel.check();
                            if (boxes.isEmpty()) {
                                return CompletableFuture.completedFuture(OcrResult.EMPTY);
                            }
                            List<RegionCropper.Crop> crops = times.time("preprocess", () -> {
                                List<RegionCropper.Crop> list = new ArrayList<>(boxes.size());
                                boxes.forEach(box -> list.add(RegionCropper.crop(image, box)));
                                return list;
                            });
                            return orientation
                                    .upsideDown(crops, times)
                                    .thenComposeAsync(
                                            upsideDown -> {
                                                cancel.check();
                                                return recognise(boxes, crops, upsideDown, times);
                                            },
                                            stages);
                        },
                        stages);
    }

    /**
     * Reads every crop, and each candidate for turning also turned; a line is turned only when the
     * recogniser reads it turned with more confidence than as it stands.
     */
    private CompletableFuture<OcrResult> recognise(
            List<TextBox> boxes, List<RegionCropper.Crop> crops, float[] upsideDown, StageTimes times) {
        List<Integer> candidates = new ArrayList<>();
        List<RegionCropper.Crop> all = new ArrayList<>(crops);
        for (int i = 0; i < crops.size(); i++) {
            if (orientation.candidate(upsideDown[i])) {
                candidates.add(i);
                all.add(RegionCropper.rotateHalf(crops.get(i)));
            }
        }
        return recognizer
                .read(all, times)
                .thenApplyAsync(
                        read -> times.time("postprocess", () -> {
                            List<OcrLine> lines = new ArrayList<>();
                            List<TextBox> kept = new ArrayList<>();
                            List<TextBox> inks = new ArrayList<>();
                            for (int i = 0; i < crops.size(); i++) {
                                CtcDecoder.Decoded decoded = read.get(i);
                                boolean turned = false;
                                int c = candidates.indexOf(i);
                                if (c >= 0) {
                                    CtcDecoder.Decoded other = read.get(crops.size() + c);
                                    if (other.confidence() > decoded.confidence()
                                            && !other.text().isBlank()) {
                                        decoded = other;
                                        turned = true;
                                    }
                                }
                                if (decoded.text().isBlank() || decoded.confidence() < settings.dropScore()) {
                                    continue;
                                }
                                lines.add(new OcrLine(
                                        decoded.text().strip(),
                                        decoded.confidence(),
                                        boxes.get(i).points(),
                                        turned));
                                kept.add(boxes.get(i));
                                inks.add(ink(boxes.get(i), crops.get(i)));
                            }
                            return ReadingOrder.arrange(lines, kept, inks);
                        }),
                        stages);
    }

    /** The box narrowed to its ink, for a strip read as it lies; a strip turned upright keeps its box. */
    private static TextBox ink(TextBox box, RegionCropper.Crop crop) {
        if (crop.width() != Math.max(1, Math.round(box.width()))) {
            return box;
        }
        float[] span = RegionCropper.inkSpan(crop);
        return box.narrowed(span[0], span[1]);
    }

    /**
     * Runs every graph once, so that the first request does not pay for ONNX Runtime's first run of
     * each: detection on {@code page}, and classification and recognition on a blank line (a blank
     * page has no text, so reading it would never reach those two graphs).
     */
    public CompletableFuture<Void> warmUp(DecodedImage page) {
        int height = settings.recHeight();
        byte[] white = new byte[height * 4 * height * 3];
        Arrays.fill(white, (byte) -1);
        List<RegionCropper.Crop> line = List.of(new RegionCropper.Crop(white, 4 * height, height));
        return CompletableFuture.allOf(
                read(page), orientation.upsideDown(line, StageTimes.NONE), recognizer.read(line, StageTimes.NONE));
    }

    /** The batchers of the detection, classification and recognition graphs. */
    public List<DynamicBatcher<ImageTensor, ImageBatchRunner.Output>> batchers() {
        return batchers;
    }

    @Override
    public void close() {
        batchers.forEach(DynamicBatcher::close);
        stages.shutdownNow();
    }
}
