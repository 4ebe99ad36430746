package dev.multimodal;

import dev.multimodal.models.ModelRepository;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.registry.EncoderFactory;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.text.TextEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The real bundled models (fetched by the build), opened once for all core tests. */
public final class TestModels {

    /**
     * The batching defaults without the service's admission limits (queue deadline, byte budget):
     * the tests check answers, and a loaded test machine must not turn a slow answer into a 503.
     */
    public static final BatcherSettings BATCHING = BatcherSettings.countOnly();

    public static final String INT8 = "all-minilm-l6-v2-q";
    public static final String FP32 = "all-minilm-l6-v2";
    public static final String OCR = "pp-ocrv4";
    public static final Path DIR = Path.of("models");

    private static final OnnxRuntimeHost HOST = new OnnxRuntimeHost();
    /** Encoders are built as the service builds them, without warm-up (the tests warm them). */
    private static final EncoderFactory FACTORY =
            new EncoderFactory(HOST.environment(), BATCHING, new SimpleMeterRegistry(), false);

    private static ModelRepository repository;
    private static final Map<String, TextEncoder> ENCODERS = new HashMap<>();
    private static OcrEngine ocr;

    private TestModels() {}

    public static OnnxRuntimeHost host() {
        return HOST;
    }

    public static synchronized ModelRepository repository() {
        if (repository == null) {
            repository = ModelRepository.load(DIR, Set.of(INT8, FP32, OCR), true, HOST, SessionSettings.cpuDefaults());
            if (!repository.loaded().stream()
                    .map(m -> m.manifest().id())
                    .toList()
                    .containsAll(Set.of(INT8, FP32, OCR))) {
                throw new IllegalStateException(
                        "bundled models missing; run ./mvnw process-classes: " + repository.statuses());
            }
        }
        return repository;
    }

    public static synchronized OcrEngine ocr() {
        if (ocr == null) {
            try {
                ocr = FACTORY.build(repository().get(OCR).orElseThrow()).ocr();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return ocr;
    }

    /** A new encoder of model {@code id} with its own batcher settings; the caller closes it. */
    public static TextEncoder encoder(String id, BatcherSettings settings) throws Exception {
        return new EncoderFactory(HOST.environment(), settings, new SimpleMeterRegistry(), false)
                .text(repository().get(id).orElseThrow());
    }

    public static synchronized TextEncoder encoder(String id) {
        return ENCODERS.computeIfAbsent(id, key -> {
            try {
                return FACTORY.text(repository().get(key).orElseThrow());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
