package dev.multimodal.config;

import io.smallrye.config.WithDefault;
import java.util.OptionalLong;

/** {@code mmf.audio.*}: limits on recordings, and the models that cut and transcribe them. */
public interface AudioConfig {
    /**
     * Encoded size at most (413 past it): OpenAI's limit for a transcription. Sent as base64 in
     * JSON, the body limit (quarkus.http.limits.max-body-size) caps it at about 20 MB first.
     */
    @WithDefault("26214400")
    long maxBytes();

    /** Duration at most, as the container declares it and again as decoded (413 past it). */
    @WithDefault("600")
    double maxSeconds();

    /** The source's sample rate at most, read before decoding (413 past it). */
    @WithDefault("192000")
    int maxSampleRate();

    /** The source's channels at most, read before decoding (413 past it). */
    @WithDefault("8")
    int maxChannels();

    /**
     * Decoded samples (16 kHz mono) of the recordings in flight, admitted from the container's
     * declared duration before decoding and held until the answer is sent; past that, 503. Unset:
     * derived from the memory the process has (runtime.MemoryShare).
     */
    OptionalLong maxSamplesInFlight();

    /** The voice activity model that cuts a recording into speech segments. */
    @WithDefault("silero-vad-v5")
    String vadModel();

    /** The speech-to-text model transcribe and encode-audio use. */
    @WithDefault("sphinx4-en-us")
    String asrModel();

    /**
     * Segments transcribed at once, across requests; 0 = one per core. Each one running holds a
     * Sphinx4 decoder with its own copy of the model (about 150-300 MB of heap).
     */
    @WithDefault("2")
    int parallelSegments();

    VadConfig vad();
}
