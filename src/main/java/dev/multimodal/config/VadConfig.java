package dev.multimodal.config;

import io.smallrye.config.WithDefault;

/** {@code mmf.audio.vad.*}: how voice activity becomes speech segments. */
public interface VadConfig {
    /** Speech probability at which a frame starts speech; it ends below this minus 0.15. */
    @WithDefault("0.5")
    float threshold();

    /** Speech shorter than this is dropped (a click, a cough). */
    @WithDefault("250")
    int minSpeechMs();

    /** Silence shorter than this does not end a segment. */
    @WithDefault("300")
    int minSilenceMs();

    /** Added before and after each segment, so the first and last phones are not clipped. */
    @WithDefault("150")
    int padMs();

    /** A segment longer than this is cut at its quietest frame (the decoder's memory grows with it). */
    @WithDefault("30")
    int maxSegmentSeconds();
}
