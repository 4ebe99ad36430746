package dev.multimodal.video;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.PackedImage;

/**
 * A stretch of the clip with one keyframe.
 *
 * @param start        seconds from the clip's start
 * @param end          seconds from the clip's start
 * @param cut          it starts at a cut; false for the first shot and for a long shot's later parts
 *                     (one every {@link ShotSettings#maxShotSeconds()})
 * @param keyframeTime when its keyframe was taken
 * @param packed       the keyframe, at most {@link VideoDecoder#KEYFRAME_SIDE} pixels on its longer side,
 *                     held packed until it is used
 */
public record Shot(double start, double end, boolean cut, double keyframeTime, PackedImage packed) {

    public double seconds() {
        return end - start;
    }

    /** The keyframe, unpacked: a new image at each call, which its caller holds only while it uses it. */
    public DecodedImage keyframe() {
        return packed.unpack();
    }
}
