package dev.multimodal.audio;

/** A stretch of speech in a 16 kHz recording, in samples: {@code start} inclusive, {@code end} exclusive. */
public record SpeechSegment(int start, int end) {

    public double startSeconds() {
        return start / (double) DecodedAudio.SAMPLE_RATE;
    }

    public double endSeconds() {
        return end / (double) DecodedAudio.SAMPLE_RATE;
    }

    public int length() {
        return end - start;
    }
}
