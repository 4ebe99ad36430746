package dev.multimodal.video;

import java.util.List;

/**
 * A clip, decoded as a stream: what its header says, and its shots with one keyframe each. Nothing
 * else of the decoded frames is kept.
 *
 * @param format   the container, as FFmpeg's demuxer names it (mov,mp4,m4a,3gp,3g2,mj2 or matroska,webm)
 * @param codec    the video stream's codec (h264, hevc, vp9, av1, ...)
 * @param fps      the stream's average frame rate, 0 when it declares none
 * @param duration seconds: the decoded frames' span
 * @param hasAudio the container holds an audio stream
 * @param frames   frames decoded
 */
public record DecodedVideo(
        String format,
        String codec,
        int width,
        int height,
        double fps,
        double duration,
        boolean hasAudio,
        long frames,
        List<Shot> shots) {}
