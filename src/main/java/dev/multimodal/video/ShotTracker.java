package dev.multimodal.video;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.PackedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stream of frames into shots as they come, holding one keyframe per shot and never more than
 * {@link ShotSettings#maxKeyframes()} of them: past it, the shortest finished shot joins a neighbour
 * and its keyframe is dropped, so a clip of a thousand cuts costs no more memory than one of thirty.
 * Pure Java, fed by the decoder: {@link #offer} for each compared frame, {@link #keyframe} when it
 * asks for the current frame's picture.
 */
final class ShotTracker {

    /** A keyframe this far into a shot is past a cut's transition frames; one taken sooner is replaced. */
    static final double SETTLE_SECONDS = 0.5;
    /** A change is a cut only if the next frame differs from it by less than this share of the change. */
    private static final double SETTLE_SHARE = 0.5;

    private final ShotSettings settings;
    private final double maxShotSeconds;
    private final List<Part> parts = new ArrayList<>();
    private FrameFeatures previous;
    private double pendingTime = Double.NaN;
    private double pendingScore;
    private int cuts;

    /** @param declaredSeconds the clip's duration as its container declares it, 0 when unknown */
    ShotTracker(ShotSettings settings, double declaredSeconds) {
        this.settings = settings;
        // the keyframes must cover the whole clip: a long clip gets longer shots rather than too many
        this.maxShotSeconds = Math.max(settings.maxShotSeconds(), declaredSeconds / settings.maxKeyframes());
    }

    /** Compares the frame at {@code time}; true when the decoder should hand over its picture. */
    boolean offer(double time, byte[] thumbnail) {
        FrameFeatures features = FrameFeatures.of(thumbnail);
        if (previous == null) {
            previous = features;
            parts.add(new Part(time, false));
            return true;
        }
        double score = Math.max(
                previous.histogramDistance(features) / settings.histogramThreshold(),
                previous.lumaDistance(features) / settings.lumaThreshold());
        previous = features;
        Part current = current();
        double cutAt = Double.NaN;
        if (!Double.isNaN(pendingTime)
                && score < pendingScore * SETTLE_SHARE
                && pendingTime - current.start >= settings.minShotSeconds()) {
            cutAt = pendingTime;
        }
        pendingTime = score >= 1 ? time : Double.NaN;
        pendingScore = score;
        if (!Double.isNaN(cutAt)) {
            cuts++;
            start(cutAt, true);
            return true;
        }
        // a change waiting for the next frame to confirm it may be a cut: it, not a split, starts the next shot
        if (time - current.start >= maxShotSeconds && Double.isNaN(pendingTime)) {
            start(time, false);
            return true;
        }
        return current.keyframe == null
                || current.keyframeTime - current.start < SETTLE_SECONDS && time - current.start >= SETTLE_SECONDS;
    }

    /** The picture of the frame last offered, which asked for it. */
    void keyframe(double time, DecodedImage image) {
        Part current = current();
        current.keyframe = PackedImage.of(image);
        current.keyframeTime = time;
    }

    double analysisFps() {
        return settings.analysisFps();
    }

    /** Cuts found so far, before any shot was joined to a neighbour. */
    int cuts() {
        return cuts;
    }

    /** The shots, the last one ending at {@code end}. */
    List<Shot> finish(double end) {
        List<Shot> shots = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            double until = i + 1 < parts.size() ? parts.get(i + 1).start : Math.max(end, p.start);
            if (p.keyframe != null) {
                shots.add(new Shot(p.start, until, p.cut, p.keyframeTime, p.keyframe));
            } else if (!shots.isEmpty()) {
                Shot last = shots.remove(shots.size() - 1);
                shots.add(new Shot(last.start(), until, last.cut(), last.keyframeTime(), last.packed()));
            }
        }
        return shots;
    }

    private Part current() {
        return parts.get(parts.size() - 1);
    }

    private void start(double time, boolean cut) {
        parts.add(new Part(time, cut));
        if (parts.size() > settings.maxKeyframes()) {
            joinShortest();
        }
    }

    /** Joins the shortest finished shot to its previous one (the first to its next), dropping its keyframe. */
    private void joinShortest() {
        int shortest = -1;
        double length = Double.MAX_VALUE;
        for (int i = 0; i < parts.size() - 1; i++) {
            double l = parts.get(i + 1).start - parts.get(i).start;
            if (l < length) {
                length = l;
                shortest = i;
            }
        }
        if (shortest == 0) {
            Part next = parts.get(1);
            next.start = parts.get(0).start;
            next.cut = parts.get(0).cut;
        }
        parts.remove(shortest);
    }

    private static final class Part {
        double start;
        boolean cut;
        double keyframeTime;
        PackedImage keyframe;

        Part(double start, boolean cut) {
            this.start = start;
            this.cut = cut;
        }
    }
}
