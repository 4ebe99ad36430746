package dev.multimodal.video;

/**
 * How shots are cut and keyframes kept. A frame starts a new shot when it differs from the frame
 * before it by at least a threshold (colour histogram or luma) and the frame after it settles,
 * differing from it by less than half as much: continuous motion, a pan or noise changes every
 * frame alike, and is no cut.
 *
 * @param histogramThreshold half the L1 distance of the colour histograms, 0 to 1, that is a cut
 * @param lumaThreshold      the mean absolute luma difference over a 32 × 18 grid, 0 to 1, that is a cut
 * @param analysisFps        frames compared per second at most (the rest are decoded, not compared)
 * @param minShotSeconds     a shot is at least this long; a change sooner after a cut is not a cut
 * @param maxShotSeconds     a shot longer than this gets another keyframe every this many seconds
 * @param maxKeyframes       keyframes per clip at most: past it the shortest shots join a neighbour
 */
public record ShotSettings(
        double histogramThreshold,
        double lumaThreshold,
        double analysisFps,
        double minShotSeconds,
        double maxShotSeconds,
        int maxKeyframes) {

    public ShotSettings {
        if (!(histogramThreshold > 0)
                || !(lumaThreshold > 0)
                || !(analysisFps > 0)
                || !(minShotSeconds >= 0)
                || !(maxShotSeconds > 0)
                || maxKeyframes < 1) {
            throw new IllegalArgumentException("shot settings out of range: " + this);
        }
    }

    public static ShotSettings defaults() {
        return new ShotSettings(0.25, 0.04, 10, 0.4, 10, 32);
    }
}
