package dev.multimodal.config;

import io.smallrye.config.WithDefault;

/** {@code mmf.oip.*}: limits of the OIP v2 {@code infer} endpoint; the defaults fit a 1–2 GB pod. */
public interface OipConfig {

    /** Values all input tensors of one request may hold together (413 past it). */
    @WithDefault("4194304")
    long maxInputElements();

    /** Bytes the output tensors of one request may take (element count × element size; 413 past it). */
    @WithDefault("8388608")
    long maxOutputBytes();
}
