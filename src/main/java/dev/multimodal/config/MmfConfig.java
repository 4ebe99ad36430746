package dev.multimodal.config;

import io.smallrye.config.ConfigMapping;

/**
 * Every setting of the service, under one root, {@code mmf.}, one group per file in this package (as
 * Quarkus's own extensions lay out theirs). Each default works on a laptop; each key is listed once,
 * with its default, in {@code docs/configuration.md} (ConfigurationDocsTest holds the two together).
 */
@ConfigMapping(prefix = "mmf")
public interface MmfConfig {

    ModelsConfig models();

    RuntimeConfig runtime();

    BatchConfig batch();

    TextConfig text();

    FusionConfig fusion();

    ScoringConfig scoring();

    ImageConfig image();

    OcrConfig ocr();

    AudioConfig audio();

    VideoConfig video();

    HttpConfig http();

    OipConfig oip();

    GatewayConfig gateway();
}
