package dev.multimodal.config;

import dev.multimodal.video.ShotSettings;
import dev.multimodal.video.VideoLimits;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code mmf.video.*}: what a clip may be, and how it is cut into shots. */
public interface VideoConfig {

    /** Encoded size at most (413). Sent as base64 in JSON, the body limit caps it at about 20 MB first. */
    @WithDefault("20971520")
    long maxBytes();

    /** Duration at most, as the container declares it before decoding and again as frames decode (413). */
    @WithDefault("600")
    double maxSeconds();

    /** Width × height of the video stream at most, from the header before decoding (413): 4K UHD. */
    @WithDefault("8294400")
    long maxPixels();

    /** Frames decoded per request at most (413): ten minutes at 60 fps. */
    @WithDefault("36000")
    long maxFrames();

    /** Wall time decoding one clip may take (413 past it, decoding stopped). */
    @WithDefault("120s")
    Duration timeBudget();

    /** Keyframes per clip at most; past it the shortest shots join a neighbour. */
    @WithDefault("32")
    int maxKeyframes();

    /** A shot longer than this gets another keyframe every this many seconds (longer when max-keyframes needs). */
    @WithDefault("10")
    double maxShotSeconds();

    /** A change sooner than this after a cut is not a cut. */
    @WithDefault("0.4")
    double minShotSeconds();

    /** Half the L1 distance of two frames' colour histograms (0 to 1) that is a cut. */
    @WithDefault("0.25")
    double histogramThreshold();

    /** The mean absolute luma difference of two frames on a 32 × 18 grid (0 to 1) that is a cut. */
    @WithDefault("0.04")
    double lumaThreshold();

    /** Frames compared per second at most; the rest are decoded, not compared. */
    @WithDefault("10")
    double analysisFps();

    default VideoLimits limits() {
        return new VideoLimits(maxBytes(), maxSeconds(), maxPixels(), maxFrames(), timeBudget());
    }

    default ShotSettings shots() {
        return new ShotSettings(
                histogramThreshold(),
                lumaThreshold(),
                analysisFps(),
                minShotSeconds(),
                maxShotSeconds(),
                maxKeyframes());
    }
}
