package dev.multimodal.runtime;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Locale;

/** How far ONNX Runtime rewrites a graph before it runs it ({@code mmf.runtime.optimization-level}). */
public enum OptimizationLevel {
    NONE(OptLevel.NO_OPT),
    BASIC(OptLevel.BASIC_OPT),
    EXTENDED(OptLevel.EXTENDED_OPT),
    ALL(OptLevel.ALL_OPT);

    private final OptLevel ort;

    OptimizationLevel(OptLevel ort) {
        this.ort = ort;
    }

    /** A level as written on a command line ({@code all}); the service's own setting is read by SmallRye. */
    public static OptimizationLevel parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "optimization level must be none, basic, extended or all, not '" + value + "'");
        }
    }

    OptLevel ort() {
        return ort;
    }
}
