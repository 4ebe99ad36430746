package dev.multimodal.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
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
     * Sphinx4 decoder with its own copy of the model, so the heap caps them too: half of it at the
     * ASR manifest's {@code speech.decoderHeapMiB} each. A segment past either waits for a decoder.
     */
    @WithDefault("0")
    int parallelSegments();

    /**
     * Wall time one recording's transcription may take, from its admission to its last segment. Past
     * it the request stops at its next segment: a 503 while none of its segments had started (it
     * waited behind others), a 413 once they had (the recording is too long for the budget).
     */
    @WithDefault("600s")
    Duration timeBudget();

    VadConfig vad();
}
