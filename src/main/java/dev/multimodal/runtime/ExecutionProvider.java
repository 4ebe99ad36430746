package dev.multimodal.runtime;

import java.util.Locale;

/** Where a session runs. {@code AUTO} tries CUDA and falls back to CPU. */
public enum ExecutionProvider {
    AUTO,
    CUDA,
    CPU;

    public static ExecutionProvider parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("execution provider must be auto, cuda or cpu, not '" + value + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
