package dev.multimodal.config;

import io.smallrye.config.WithDefault;

/** {@code mmf.ocr.*}: the OCR model. */
public interface OcrConfig {
    /** The ocr model read-text and ocr-text use. */
    @WithDefault("pp-ocrv4")
    String model();
}
