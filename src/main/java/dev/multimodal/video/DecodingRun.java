package dev.multimodal.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.multimodal.refusal.InputException;
import dev.multimodal.settings.Keys;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One decoding pass: packets → frames, each frame counted against the limits as it comes, a few a
 * second compared by the {@link ShotTracker} as thumbnails, and the frames it asks for turned into
 * keyframe pictures. No frame outlives its turn in the loop.
 */
final class DecodingRun {

    /** AVERROR(EAGAIN) on Linux, the only platform whose natives are packaged. */
    private static final int EAGAIN = -11;

    record Result(long frames, double seconds, List<Shot> shots) {}

    private final AVFormatContext container;
    private final AVCodecContext decoder;
    private final int stream;
    private final double timeBase;
    private final long startPts;
    private final String field;
    private final VideoLimits limits;
    private final ShotTracker tracker;
    private final long deadline;
    private final double frameSeconds;
    private final double compareEvery;
    private long frames;
    private double last = -1;
    private double nextCompare = Double.NEGATIVE_INFINITY;

    DecodingRun(
            AVFormatContext container,
            AVCodecContext decoder,
            AVStream stream,
            String field,
            VideoLimits limits,
            ShotTracker tracker,
            long deadline,
            double fps) {
        this.container = container;
        this.decoder = decoder;
        this.stream = stream.index();
        this.timeBase = stream.time_base().den() > 0
                ? stream.time_base().num() / (double) stream.time_base().den()
                : 0;
        this.startPts = stream.start_time() == AV_NOPTS_VALUE ? 0 : stream.start_time();
        this.field = field;
        this.limits = limits;
        this.tracker = tracker;
        this.deadline = deadline;
        this.frameSeconds = fps > 0 ? 1 / fps : 0;
        this.compareEvery = 1 / tracker.analysisFps();
    }

    Result decode() {
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try (FramePictures pictures = new FramePictures()) {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw InputException.unavailable(field, "decoding was stopped: the service is stopping");
                }
                int read = av_read_frame(container, packet);
                if (read < 0) {
                    break; // the end, or bytes past which nothing reads: what decoded so far is judged below
                }
                try {
                    if (packet.stream_index() == stream && avcodec_send_packet(decoder, packet) >= 0) {
                        receive(frame, pictures);
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            avcodec_send_packet(decoder, null); // flush: the frames the decoder still holds
            receive(frame, pictures);
            double seconds = last < 0 ? 0 : last + frameSeconds;
            return new Result(frames, seconds, tracker.finish(seconds));
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
        }
    }

    private void receive(AVFrame frame, FramePictures pictures) {
        while (true) {
            int got = avcodec_receive_frame(decoder, frame);
            if (got == EAGAIN || got == AVERROR_EOF || got < 0) {
                return; // a broken frame is skipped, as players skip it; a file of nothing else fails as empty
            }
            try {
                take(frame, pictures);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    private void take(AVFrame frame, FramePictures pictures) {
        frames++;
        if (frames > limits.maxFrames()) {
            throw InputException.tooLarge(
                    field,
                    field + " decodes to more than " + limits.maxFrames() + " frames (" + Keys.VIDEO_MAX_FRAMES
                            + "); decoding was stopped there");
        }
        if (System.nanoTime() - deadline > 0) {
            throw InputException.tooLarge(
                    field,
                    field + " took longer to decode than " + limits.timeBudget().toSeconds() + " s ("
                            + Keys.VIDEO_TIME_BUDGET + "); decoding was stopped there");
        }
        long pixels = (long) frame.width() * frame.height();
        if (pixels > limits.maxPixels() || frame.width() <= 0 || frame.height() <= 0) {
            throw InputException.tooLarge(
                    field,
                    field + " has a frame of " + frame.width() + "x" + frame.height() + ", past its header and the "
                            + "limit of " + limits.maxPixels() + " pixels (" + Keys.VIDEO_MAX_PIXELS + ")");
        }
        long pts = frame.best_effort_timestamp();
        double time = pts != AV_NOPTS_VALUE && timeBase > 0 ? (pts - startPts) * timeBase : (frames - 1) * frameSeconds;
        if (time > limits.maxSeconds()) {
            throw InputException.tooLarge(
                    field,
                    String.format(
                            Locale.ROOT,
                            "%s decodes past %s s (" + Keys.VIDEO_MAX_SECONDS + "), whatever its container declares; "
                                    + "decoding was stopped there",
                            field,
                            seconds(limits.maxSeconds())));
        }
        time = Math.max(time, 0);
        last = Math.max(last, time);
        if (time + 1e-6 < nextCompare) {
            return;
        }
        nextCompare = time + compareEvery;
        try {
            if (tracker.offer(time, pictures.thumbnail(frame))) {
                tracker.keyframe(time, pictures.keyframe(frame));
            }
        } catch (IllegalArgumentException e) {
            throw InputException.unsupportedType(field, field + " has frames whose " + e.getMessage());
        }
    }

    static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }
}
