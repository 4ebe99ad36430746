package dev.multimodal.registry;

import ai.onnxruntime.OrtEnvironment;
import dev.multimodal.api.Overflow;
import dev.multimodal.audio.SpeechRecognizer;
import dev.multimodal.audio.Sphinx4Recognizer;
import dev.multimodal.audio.VoiceActivityDetector;
import dev.multimodal.heads.HeadModel;
import dev.multimodal.heads.HeadPrediction;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.models.ChecksumMode;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.models.WarmUpReferences;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.FiniteOutputs;
import dev.multimodal.runtime.OptimizedGraphs;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.settings.Keys;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEncoder;
import dev.multimodal.vision.VisionEncoder;
import io.micrometer.core.instrument.MeterRegistry;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Builds what one loaded model serves, by its family: a text encoder, an image encoder, both in one
 * space (clip), an OCR engine, a head, a voice activity detector or a speech recogniser; each warmed up with one inference when asked, so the
 * first real request is fast. Plain Java: the service, the train-head command, the tests and the
 * benchmarks all build their encoders here.
 */
public final class EncoderFactory {

    /** What a model serves; the parts it does not serve are null. */
    public record Built(
            TextEncoder text,
            ImageEncoder image,
            OcrEngine ocr,
            HeadModel head,
            VoiceActivityDetector vad,
            SpeechRecognizer asr) {

        public Built(TextEncoder text, ImageEncoder image, OcrEngine ocr, HeadModel head) {
            this(text, image, ocr, head, null, null);
        }
    }

    private final OrtEnvironment environment;
    private final BatcherSettings fallback;
    private final MeterRegistry registry;
    private final boolean warmUp;
    /** Null: warm-up outputs are not compared; otherwise the checksums this start's files went through. */
    private final ChecksumMode references;

    /** @param fallback {@code mmf.batch.*}: what a model's own {@code batching} section leaves out */
    public EncoderFactory(
            OrtEnvironment environment, BatcherSettings fallback, MeterRegistry registry, boolean warmUp) {
        this(environment, fallback, registry, warmUp, null);
    }

    private EncoderFactory(
            OrtEnvironment environment,
            BatcherSettings fallback,
            MeterRegistry registry,
            boolean warmUp,
            ChecksumMode references) {
        this.environment = environment;
        this.fallback = fallback;
        this.registry = registry;
        this.warmUp = warmUp;
        this.references = references;
    }

    /**
     * This factory, comparing each warm-up's output with the reference recorded when the model's
     * files were verified ({@link WarmUpReferences}); with checksums on, a missing reference is recorded.
     */
    public EncoderFactory withReferences(ChecksumMode checksums) {
        return new EncoderFactory(environment, fallback, registry, warmUp, checksums);
    }

    public Built build(LoadedModel model) throws Exception {
        ModelManifest manifest = model.manifest();
        BatcherSettings batching = manifest.batching().applyTo(fallback);
        return switch (manifest.family()) {
            case TEXT_ENCODER ->
                new Built(
                        warm(model, "model", new TextEncoder(model, environment, batching, registry)),
                        null,
                        null,
                        null);
            case CLIP ->
                new Built(
                        warm(model, "text", TextEncoder.clipText(model, environment, batching, registry)),
                        warm(model, "vision", new VisionEncoder(model, environment, batching, registry)),
                        null,
                        null);
            case IMAGE_ENCODER ->
                new Built(
                        null,
                        warm(model, "model", new VisionEncoder(model, environment, batching, registry)),
                        null,
                        null);
            case OCR ->
                new Built(
                        null,
                        null,
                        warm(new OcrEngine(
                                model,
                                environment,
                                batching,
                                manifest.batching()
                                        .forGraph("recognition", fallback)
                                        .maxBatchSize(),
                                registry)),
                        null);
            case HEAD ->
                new Built(null, null, null, warm(model, new HeadModel(model, environment, batching, registry)));
            case VAD -> new Built(null, null, null, null, warm(new VoiceActivityDetector(model, environment)), null);
            case ASR_SPHINX4 -> new Built(null, null, null, null, null, warm(new Sphinx4Recognizer(manifest)));
        };
    }

    /** A warm-up that computed NaN or an infinity: the model is not READY, and readiness says so. */
    private static Exception warmUpFailure(LoadedModel model, Exception failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof FiniteOutputs.NonFiniteOutputException) {
            return new ManifestException(
                    model.manifest().id(),
                    "warm-up",
                    "its warm-up output is not finite (" + t.getMessage() + ")",
                    "verify its files with " + Keys.MODELS_FULL_CHECKSUMS + "=true, or fetch them again");
        }
        return failure;
    }

    /** Why a warm-up failed, in words: the message of a typed failure, not a chain of wrappers. */
    public static String reason(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof InputException || t instanceof ManifestException ? t.getMessage() : t.toString();
    }

    /** Closes what {@code built} serves: its batchers drain and stop; the sessions stay open. */
    public static void close(Built built) {
        if (built.ocr() != null) {
            built.ocr().close();
        }
        if (built.image() != null) {
            built.image().close();
        }
        if (built.text() != null) {
            built.text().close();
        }
        if (built.head() != null) {
            built.head().close();
        }
        if (built.asr() != null) {
            built.asr().close();
        }
    }

    /** A text encoder of {@code model} (a text model, or a clip model's text tower). */
    public TextEncoder text(LoadedModel model) throws Exception {
        return build(model).text();
    }

    private TextEncoder warm(LoadedModel model, String graph, TextEncoder encoder) throws Exception {
        if (warmUp) {
            try {
                compare(
                        model,
                        graph,
                        encoder.encode(List.of("warm-up"), Overflow.TRUNCATE)
                                .get(60, TimeUnit.SECONDS)
                                .get(0)
                                .vector());
            } catch (Exception e) {
                encoder.close();
                throw warmUpFailure(model, e);
            }
        }
        return encoder;
    }

    private ImageEncoder warm(LoadedModel model, String graph, ImageEncoder encoder) throws Exception {
        if (warmUp) {
            try {
                compare(
                        model,
                        graph,
                        encoder.encode(blank(), StageTimes.NONE)
                                .get(60, TimeUnit.SECONDS)
                                .vector());
            } catch (Exception e) {
                encoder.close();
                throw warmUpFailure(model, e);
            }
        }
        return encoder;
    }

    /** The warm-up's output against the model's reference, when this factory keeps references. */
    private void compare(LoadedModel model, String graph, float[] output) throws ManifestException {
        if (references != null) {
            String provider = model.session(graph).provider().label();
            WarmUpReferences.check(
                    model,
                    graph,
                    OptimizedGraphs.runtimeKey(environment.getVersion(), provider),
                    output,
                    references != ChecksumMode.OFF);
        }
    }

    private OcrEngine warm(OcrEngine engine) throws Exception {
        if (warmUp) {
            engine.warmUp(blank()).get(60, TimeUnit.SECONDS);
        }
        return engine;
    }

    private HeadModel warm(LoadedModel model, HeadModel head) throws Exception {
        if (warmUp) {
            try {
                float[] zeros = new float[head.settings().inputDimension()];
                compare(
                        model,
                        "model",
                        head.settings().makesVectors()
                                ? head.transform(zeros, "warm-up").get(60, TimeUnit.SECONDS)
                                : values(head.predict(zeros, head.settings().space(), "warm-up")
                                        .get(60, TimeUnit.SECONDS)));
            } catch (Exception e) {
                head.close();
                throw warmUpFailure(model, e);
            }
        }
        return head;
    }

    /** A prediction's numbers: each label's probability, the value, or the cluster and its distances. */
    private static float[] values(HeadPrediction prediction) {
        if (prediction.probabilities() != null) {
            float[] values = new float[prediction.probabilities().size()];
            int i = 0;
            for (double p : prediction.probabilities().values()) {
                values[i++] = (float) p;
            }
            return values;
        }
        if (prediction.value() != null) {
            return new float[] {prediction.value().floatValue()};
        }
        float[] values = new float[prediction.distances().length + 1];
        values[0] = prediction.cluster();
        System.arraycopy(prediction.distances(), 0, values, 1, prediction.distances().length);
        return values;
    }

    private VoiceActivityDetector warm(VoiceActivityDetector vad) throws Exception {
        if (warmUp) {
            vad.probabilities(new float[VoiceActivityDetector.FRAME * 4]);
        }
        return vad;
    }

    /**
     * Sphinx4 loads its model when a decoder is made: with warm-up, one decoder is made here; without,
     * the first request makes it. It is not run on made-up audio: a decoder carries its live
     * cepstral mean from one call to the next, and silence would skew the first request's.
     */
    private SpeechRecognizer warm(Sphinx4Recognizer asr) {
        if (warmUp) {
            asr.preload();
        }
        return asr;
    }

    /** A white 64 × 64 image: enough to run every image graph once. */
    private static DecodedImage blank() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Arrays.fill(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), (byte) -1);
        return new DecodedImage(image, "png", 1);
    }
}
