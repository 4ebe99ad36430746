package dev.multimodal.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** What a clip's container and video stream say about themselves: its codec's name, frame rate and duration. */
final class StreamHeader {

    private StreamHeader() {}

    /** FFmpeg's name for the codec, or the container's tag for it (a fourcc) when FFmpeg has none. */
    static String codecName(AVCodecParameters parameters, String name) {
        int tag = parameters.codec_tag();
        if (!"none".equals(name) || tag == 0) {
            return name;
        }
        StringBuilder fourcc = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            char c = (char) ((tag >> (8 * i)) & 0xff);
            fourcc.append(c >= 32 && c < 127 ? c : '?');
        }
        return "'" + fourcc + "'";
    }

    static double fps(AVStream stream) {
        for (AVRational rate : new AVRational[] {stream.avg_frame_rate(), stream.r_frame_rate()}) {
            if (rate.num() > 0 && rate.den() > 0) {
                return Math.round(rate.num() * 1000.0 / rate.den()) / 1000.0;
            }
        }
        return 0;
    }
    /** The duration the container (or the stream, when given) declares, in seconds; 0 when none. */
    static double declaredSeconds(AVFormatContext container, AVStream stream) {
        double seconds = 0;
        if (container.duration() != AV_NOPTS_VALUE && container.duration() > 0) {
            seconds = container.duration() / (double) AV_TIME_BASE;
        }
        if (stream != null
                && stream.duration() != AV_NOPTS_VALUE
                && stream.duration() > 0
                && stream.time_base().den() > 0) {
            seconds = Math.max(
                    seconds,
                    stream.duration()
                            * stream.time_base().num()
                            / (double) stream.time_base().den());
        }
        return seconds;
    }
}
