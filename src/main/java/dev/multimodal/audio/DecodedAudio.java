package dev.multimodal.audio;

import java.util.Arrays;

/**
 * A recording decoded and resampled to {@link #SAMPLE_RATE} Hz mono, samples in [-1, 1].
 *
 * @param format         the container, as FFmpeg's demuxer names it (wav, ogg, mov,mp4,m4a,...)
 * @param codec          the codec of the stream decoded (pcm_s16le, opus, aac, ...)
 * @param sourceRate     the stream's own sample rate
 * @param sourceChannels the stream's own channel count
 */
public record DecodedAudio(float[] samples, String format, String codec, int sourceRate, int sourceChannels) {

    /** What every model of the audio path reads: 16 kHz mono. */
    public static final int SAMPLE_RATE = 16_000;

    public double seconds() {
        return samples.length / (double) SAMPLE_RATE;
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) as a new recording of the same source. */
    public DecodedAudio slice(int from, int to) {
        return new DecodedAudio(Arrays.copyOfRange(samples, from, to), format, codec, sourceRate, sourceChannels);
    }
}
