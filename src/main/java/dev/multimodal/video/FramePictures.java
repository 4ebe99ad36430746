package dev.multimodal.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.multimodal.image.DecodedImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decoded frames to what the rest reads, by FFmpeg's scaler: a thumbnail averaged down by area for
 * the shot detector, and a keyframe picture in the layout the image path takes (BGR bytes of a
 * {@link BufferedImage#TYPE_3BYTE_BGR}). Its scaler contexts are reused frame to frame and freed on close.
 */
final class FramePictures implements AutoCloseable {

    private final BytePointer thumbnail = new BytePointer((long) FrameFeatures.WIDTH * FrameFeatures.HEIGHT * 3);
    private final PointerPointer<BytePointer> thumbnailPlanes = new PointerPointer<>(1);
    private final IntPointer thumbnailStride = new IntPointer(1);
    private SwsContext thumbnails;
    private SwsContext keyframes;

    FramePictures() {
        thumbnailPlanes.put(0, thumbnail);
        thumbnailStride.put(0, FrameFeatures.WIDTH * 3);
    }

    /** The frame as a thumbnail, RGB24 row by row. */
    byte[] thumbnail(AVFrame frame) {
        thumbnails = scaler(thumbnails, frame, FrameFeatures.WIDTH, FrameFeatures.HEIGHT, AV_PIX_FMT_RGB24, SWS_AREA);
        sws_scale(thumbnails, frame.data(), frame.linesize(), 0, frame.height(), thumbnailPlanes, thumbnailStride);
        byte[] rgb = new byte[FrameFeatures.WIDTH * FrameFeatures.HEIGHT * 3];
        thumbnail.get(rgb);
        return rgb;
    }

    /** The frame as a picture, at most {@link VideoDecoder#KEYFRAME_SIDE} on its longer side. */
    DecodedImage keyframe(AVFrame frame) {
        double scale = Math.min(1, VideoDecoder.KEYFRAME_SIDE / (double) Math.max(frame.width(), frame.height()));
        int width = Math.max(1, (int) Math.round(frame.width() * scale));
        int height = Math.max(1, (int) Math.round(frame.height() * scale));
        keyframes = scaler(keyframes, frame, width, height, AV_PIX_FMT_BGR24, SWS_BILINEAR);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        try (BytePointer out = new BytePointer((long) bgr.length);
                PointerPointer<BytePointer> planes = new PointerPointer<>(1);
                IntPointer stride = new IntPointer(1)) {
            planes.put(0, out);
            stride.put(0, width * 3);
            sws_scale(keyframes, frame.data(), frame.linesize(), 0, frame.height(), planes, stride);
            out.get(bgr);
        }
        return new DecodedImage(image, "video", 1);
    }

    private static SwsContext scaler(SwsContext cached, AVFrame frame, int width, int height, int format, int flags) {
        SwsContext context = sws_getCachedContext(
                cached,
                frame.width(),
                frame.height(),
                frame.format(),
                width,
                height,
                format,
                flags,
                (SwsFilter) null,
                (SwsFilter) null,
                (DoublePointer) null);
        if (context == null || context.isNull()) {
            throw new IllegalArgumentException("pixel format " + frame.format() + " cannot be converted");
        }
        return context;
    }

    @Override
    public void close() {
        if (thumbnails != null) {
            sws_freeContext(thumbnails);
        }
        if (keyframes != null) {
            sws_freeContext(keyframes);
        }
        thumbnailPlanes.close();
        thumbnailStride.close();
        thumbnail.close();
    }
}
