package dev.multimodal.audio;

/**
 * How frame probabilities become segments (mmf.audio.vad.*).
 *
 * @param threshold         the probability that starts speech; speech ends below it minus 0.15
 * @param minSpeechMs       shorter speech is dropped
 * @param minSilenceMs      shorter silence does not end a segment
 * @param padMs             added before and after each segment
 * @param maxSegmentSeconds a longer segment is cut at its least speech-like frame
 */
public record VadSettings(float threshold, int minSpeechMs, int minSilenceMs, int padMs, int maxSegmentSeconds) {

    public VadSettings {
        if (!(threshold > 0 && threshold < 1)
                || minSpeechMs < 0
                || minSilenceMs < 0
                || padMs < 0
                || maxSegmentSeconds < 1) {
            throw new IllegalArgumentException("VAD settings out of range: threshold " + threshold + ", " + minSpeechMs
                    + ", " + minSilenceMs + ", " + padMs + ", " + maxSegmentSeconds);
        }
    }

    public static VadSettings defaults() {
        return new VadSettings(0.5f, 250, 300, 150, 30);
    }
}
