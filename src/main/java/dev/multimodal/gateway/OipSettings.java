package dev.multimodal.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the OIP v2 {@code infer} endpoint, under {@code mmf.oip.}; the defaults fit a 1–2 GB pod. */
@ConfigMapping(prefix = "mmf.oip")
public interface OipSettings {

    /** Values all input tensors of one request may hold together (413 past it). */
    @WithDefault("4194304")
    long maxInputElements();

    /** Bytes the output tensors of one request may take (element count × element size; 413 past it). */
    @WithDefault("8388608")
    long maxOutputBytes();
}
