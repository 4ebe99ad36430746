package dev.multimodal.video;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.multimodal.audio.MemoryInput;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.refusal.InputException;
import dev.multimodal.settings.Keys;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A clip users send (MP4, MOV, MKV, WebM) to its shots and keyframes, decoded as a stream with
 * FFmpeg's raw API from the bytes in memory: frames are compared as small thumbnails as they come
 * and dropped, and only each shot's keyframe is kept as a picture. The container is identified from
 * the bytes and must be one of the video containers below before FFmpeg opens it; what its header
 * declares (duration, width × height, codec) is refused before a frame is decoded; frames, timestamps
 * and time are counted while decoding. Every native context is freed on every path.
 * <p>
 * Refusals name the request field and, for a limit, its setting: 413 for a limit, 415 for bytes that
 * are not a video container or a codec that cannot be decoded here, 400 for a truncated or corrupt file.
 */
public final class VideoDecoder {

    /** A keyframe's longer side at most: OCR's detector reads pages at 960 px, so more is memory spent for nothing. */
    public static final int KEYFRAME_SIDE = 1280;

    /** FFmpeg demuxers of the containers served; a demuxer's name lists aliases ("matroska,webm"). */
    private static final Set<String> CONTAINERS = Set.of("mov", "mp4", "matroska", "webm");

    /** Frame threads per decoder: a clip is one request's work, and a small pod has two cores. */
    private static final int THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

    static {
        av_log_set_level(AV_LOG_QUIET); // refusals say what went wrong; FFmpeg's stderr chatter is noise
    }

    private final VideoLimits limits;
    private final ShotSettings shots;

    public VideoDecoder(VideoLimits limits, ShotSettings shots) {
        this.limits = limits;
        this.shots = shots;
    }

    public VideoLimits limits() {
        return limits;
    }

    /** Decodes {@code bytes} into shots, refusing with the request's {@code field} named. */
    public DecodedVideo decode(byte[] bytes, String field) {
        return decode(bytes, field, ImageDecoder.HeaderCheck.NONE);
    }

    /**
     * Decodes {@code bytes} into shots; {@code admission} is given the video stream's width and height
     * once its header has passed the limits, before a frame is decoded, and may refuse (a 503 when the
     * service has no room for the frames now): the same admission as an image's.
     */
    public DecodedVideo decode(byte[] bytes, String field, ImageDecoder.HeaderCheck admission) {
        if (bytes == null || bytes.length == 0) {
            throw InputException.badRequest(field, field + " is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw InputException.tooLarge(
                    field,
                    field + " is " + bytes.length + " bytes; the limit is " + limits.maxBytes() + " ("
                            + Keys.VIDEO_MAX_BYTES + ")");
        }
        AVInputFormat format = probe(bytes, field);
        String formatName = format.name().getString();
        long deadline = System.nanoTime() + limits.timeBudget().toNanos();
        try (MemoryInput input = new MemoryInput(bytes)) {
            AVFormatContext container = avformat_alloc_context();
            container.pb(input.context());
            // a pb set before opening makes it custom IO: avformat_close_input leaves it to MemoryInput
            int opened = avformat_open_input(container, (String) null, format, null);
            if (opened < 0) {
                // FFmpeg has freed the context itself
                throw InputException.badRequest(
                        field, field + " is a " + formatName + " file that cannot be read: truncated or corrupt");
            }
            try {
                return decode(container, formatName, field, deadline, admission);
            } finally {
                avformat_close_input(container);
            }
        }
    }

    /** Identifies the container from the first bytes; 415 unless it is one of {@link #CONTAINERS}. */
    private static AVInputFormat probe(byte[] bytes, String field) {
        AVInputFormat format = MemoryInput.probe(bytes);
        if (format == null) {
            throw InputException.unsupportedType(
                    field, field + " is not a video file FFmpeg recognises (MP4, MOV, MKV, WebM)");
        }
        String names = format.name().getString();
        if (Arrays.stream(names.split(",")).noneMatch(CONTAINERS::contains)) {
            throw InputException.unsupportedType(
                    field, field + " is " + names + ", not a video container (MP4, MOV, MKV, WebM)");
        }
        return format;
    }

    private DecodedVideo decode(
            AVFormatContext container,
            String formatName,
            String field,
            long deadline,
            ImageDecoder.HeaderCheck admission) {
        checkHeader(container, field);
        if (avformat_find_stream_info(container, (PointerPointer<?>) null) < 0) {
            throw InputException.badRequest(
                    field, field + " is a " + formatName + " file whose streams cannot be read: truncated or corrupt");
        }
        int index = av_find_best_stream(container, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        if (index < 0) {
            throw InputException.unsupportedType(field, field + " is a " + formatName + " file without a video stream");
        }
        boolean hasAudio = av_find_best_stream(container, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0) >= 0;
        AVStream stream = container.streams(index);
        AVCodecParameters parameters = stream.codecpar();
        String codecName = avcodec_get_name(parameters.codec_id()).getString();
        if (parameters.width() <= 0 || parameters.height() <= 0) {
            throw InputException.badRequest(
                    field, field + " has a " + codecName + " stream that declares no width or height: corrupt");
        }
        checkSize(parameters.width(), parameters.height(), field);
        double declared = StreamHeader.declaredSeconds(container, stream);
        checkSeconds(declared, "as its container declares", field);
        AVCodec codec = avcodec_find_decoder(parameters.codec_id());
        if (codec == null || codec.isNull()) {
            throw InputException.unsupportedType(
                    field,
                    field + " holds " + StreamHeader.codecName(parameters, codecName)
                            + " video, which cannot be decoded here");
        }
        // a frame being decoded and the keyframe being read: what an image of this size costs
        admission.check(parameters.width(), parameters.height());
        AVCodecContext decoder = avcodec_alloc_context3(codec);
        try {
            if (avcodec_parameters_to_context(decoder, parameters) < 0) {
                throw InputException.badRequest(
                        field, field + " has a " + codecName + " stream whose parameters are invalid");
            }
            decoder.thread_count(THREADS);
            if (avcodec_open2(decoder, codec, (PointerPointer<?>) null) < 0) {
                throw InputException.unsupportedType(
                        field, field + " has a " + codecName + " stream that cannot be decoded here");
            }
            double fps = StreamHeader.fps(stream);
            DecodingRun run = new DecodingRun(
                    container, decoder, stream, field, limits, new ShotTracker(shots, declared), deadline, fps);
            DecodingRun.Result result = run.decode();
            checkWhole(result, declared, formatName, field);
            return new DecodedVideo(
                    formatName,
                    codecName,
                    parameters.width(),
                    parameters.height(),
                    fps,
                    result.seconds(),
                    hasAudio,
                    result.frames(),
                    result.shots());
        } finally {
            avcodec_free_context(decoder);
        }
    }

    /** The demuxer has read the header: what it declares is refused before find_stream_info decodes a frame. */
    private void checkHeader(AVFormatContext container, String field) {
        for (int i = 0; i < container.nb_streams(); i++) {
            AVCodecParameters p = container.streams(i).codecpar();
            if (p.codec_type() == AVMEDIA_TYPE_VIDEO) {
                checkSize(p.width(), p.height(), field);
            }
        }
        checkSeconds(StreamHeader.declaredSeconds(container, null), "as its container declares", field);
    }

    /** Frames decoded, and about as many seconds of them as the container declares, else a truncated file. */
    private static void checkWhole(DecodingRun.Result result, double declared, String formatName, String field) {
        if (result.frames() == 0) {
            throw InputException.badRequest(
                    field, field + " is a " + formatName + " file with no decodable frame: truncated or corrupt");
        }
        if (declared > 1 && result.seconds() < declared * 0.9 - 1) {
            throw InputException.badRequest(
                    field,
                    String.format(
                            Locale.ROOT,
                            "%s is truncated: its container declares %.1f s, only %.1f s decode",
                            field,
                            declared,
                            result.seconds()));
        }
    }

    private void checkSize(int width, int height, String field) {
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw InputException.tooLarge(
                    field,
                    field + " is " + width + "x" + height + " (" + pixels + " pixels a frame); the limit is "
                            + limits.maxPixels() + " (" + Keys.VIDEO_MAX_PIXELS + ")");
        }
    }

    private void checkSeconds(double seconds, String how, String field) {
        if (seconds > limits.maxSeconds()) {
            throw InputException.tooLarge(
                    field,
                    String.format(
                            Locale.ROOT,
                            "%s lasts %.1f s %s; the limit is %s s (" + Keys.VIDEO_MAX_SECONDS + ")",
                            field,
                            seconds,
                            how,
                            DecodingRun.seconds(limits.maxSeconds())));
        }
    }
}
