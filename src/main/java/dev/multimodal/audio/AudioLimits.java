package dev.multimodal.audio;

/**
 * What an incoming recording may be. Bytes are checked first, then what the container declares
 * (duration, sample rate, channels) before anything is decoded, then the decoded length again while
 * decoding, so a file that lies about its length costs at most {@code maxSeconds} of decoding.
 *
 * @param maxBytes      encoded size at most (413 past it)
 * @param maxSeconds    duration at most, declared or decoded (413 past it)
 * @param maxSampleRate the source's sample rate at most (413 past it)
 * @param maxChannels   the source's channels at most (413 past it)
 */
public record AudioLimits(long maxBytes, double maxSeconds, int maxSampleRate, int maxChannels) {

    public AudioLimits {
        if (maxBytes < 1 || !(maxSeconds > 0) || maxSampleRate < 1 || maxChannels < 1) {
            throw new IllegalArgumentException("audio limits must be positive: " + maxBytes + ", " + maxSeconds + ", "
                    + maxSampleRate + ", " + maxChannels);
        }
    }

    /** 25 MB (OpenAI's limit for a transcription), 600 s, 192 kHz, 8 channels. */
    public static AudioLimits defaults() {
        return new AudioLimits(25L * 1024 * 1024, 600, 192_000, 8);
    }
}
