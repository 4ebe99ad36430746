package dev.multimodal.video;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;
import java.time.Duration;

/**
 * Any bytes into FFmpeg's demuxers and decoders: the decoder answers a {@link DecodedVideo} within
 * its limits or an {@link InputException} (a 4xx naming its field), never another exception and
 * never a native crash. The build replays {@code VideoDecoderFuzzTestInputs/} (tiny MP4, WebM and MKV
 * clips, truncated ones, one with an unknown codec); {@code -Pfuzz} fuzzes (docs/fuzzing.md).
 */
class VideoDecoderFuzzTest {

    /** Small enough that a fuzzed header cannot ask for a large frame or a long decode. */
    private static final VideoLimits LIMITS = new VideoLimits(1 << 20, 60, 1 << 20, 2_000, Duration.ofSeconds(10));

    private static final VideoDecoder DECODER = new VideoDecoder(LIMITS, ShotSettings.defaults());

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] bytes) {
        try {
            DecodedVideo video = DECODER.decode(bytes, "video");
            if ((long) video.width() * video.height() > LIMITS.maxPixels()
                    || video.frames() > LIMITS.maxFrames()
                    || video.shots().isEmpty()
                    || video.shots().size() > ShotSettings.defaults().maxKeyframes()) {
                throw new AssertionError("decoded past the limits: " + video);
            }
        } catch (InputException expected) {
            if (FailureStatuses.status(expected) < 400
                    || FailureStatuses.status(expected) > 499
                    || !"video".equals(expected.field())) {
                throw new AssertionError("not a 4xx naming its field: " + FailureStatuses.status(expected) + " "
                        + expected.field() + " " + expected.getMessage());
            }
        }
    }
}
