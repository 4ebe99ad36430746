package dev.multimodal.video;

import java.time.Duration;

/**
 * What an incoming video may be. Bytes first, then what the container header declares (duration,
 * width × height) before any frame is decoded, then, while decoding, the frames decoded, the
 * timestamps reached and the time spent: a file that lies about its length or size stops at a limit
 * instead of running until memory or patience is gone. Each refusal names its setting.
 *
 * @param maxBytes   encoded size at most, {@code mmf.video.max-bytes} (413)
 * @param maxSeconds duration at most, declared or decoded, {@code mmf.video.max-seconds} (413)
 * @param maxPixels  width × height of the video stream at most, {@code mmf.video.max-pixels} (413)
 * @param maxFrames  frames decoded per request at most, {@code mmf.video.max-frames} (413)
 * @param timeBudget wall time decoding may take per request, {@code mmf.video.time-budget} (413)
 */
public record VideoLimits(long maxBytes, double maxSeconds, long maxPixels, long maxFrames, Duration timeBudget) {

    public VideoLimits {
        if (maxBytes < 1
                || !(maxSeconds > 0)
                || maxPixels < 1
                || maxFrames < 1
                || timeBudget == null
                || timeBudget.isNegative()
                || timeBudget.isZero()) {
            throw new IllegalArgumentException("video limits must be positive: " + maxBytes + ", " + maxSeconds + ", "
                    + maxPixels + ", " + maxFrames + ", " + timeBudget);
        }
    }

    /** 20 MiB, 10 minutes, 4K UHD (3840 × 2160), 36 000 frames (10 minutes at 60 fps), 120 s. */
    public static VideoLimits defaults() {
        return new VideoLimits(20L * 1024 * 1024, 600, 3840L * 2160, 36_000, Duration.ofSeconds(120));
    }
}
