package dev.multimodal.audio;

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
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.multimodal.refusal.InputException;
import dev.multimodal.settings.Keys;
import java.nio.charset.StandardCharsets;
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
 * Any recording users send (WAV, FLAC, MP3, Ogg/Opus and Vorbis, M4A/AAC, WebM/Matroska, ...) to
 * 16 kHz mono floats, with FFmpeg's own demuxers, decoders and resampler. The raw API rather than
 * javacv's grabber, for the limits: the container is identified from the bytes and must be one of
 * the audio containers below before FFmpeg opens it (no playlist or image demuxer ever sees user
 * bytes), what it declares is refused before decoding, and the samples are counted as they come out
 * so a file that lies about its length stops at the limit. Every native context is freed on every
 * path. One call decodes on the calling thread; calls on several threads are independent.
 * <p>
 * Refusals name the request field: 413 for a limit, 415 for bytes that are not an audio container,
 * 400 for a container that is truncated or corrupt.
 */
public final class AudioDecoder {

    /** FFmpeg demuxers that hold audio; a demuxer's name may list aliases ("mov,mp4,m4a,3gp,3g2,mj2"). */
    private static final Set<String> CONTAINERS = Set.of(
            "wav",
            "w64",
            "flac",
            "mp3",
            "ogg",
            "mov",
            "mp4",
            "m4a",
            "matroska",
            "webm",
            "aac",
            "aiff",
            "caf",
            "amr",
            "wv",
            "au",
            "ac3",
            "eac3");

    /** AVERROR(EAGAIN) on Linux, the only platform whose natives are packaged. */
    static final int EAGAIN = -11;
    /** A declared duration that decodes to less than this share of itself is a truncated file. */
    private static final double TRUNCATED_SHARE = 0.9;

    static {
        av_log_set_level(AV_LOG_QUIET); // refusals say what went wrong; FFmpeg's stderr chatter is noise
    }

    private final AudioLimits limits;

    public AudioDecoder(AudioLimits limits) {
        this.limits = limits;
    }

    public AudioLimits limits() {
        return limits;
    }

    /**
     * Admits a recording's decoded samples before they are decoded: it may refuse (a 503 when the
     * samples in flight leave no room) or hold them until the request's answer is sent.
     */
    @FunctionalInterface
    public interface SampleCheck {
        SampleCheck NONE = (samples, field) -> {};

        void admit(long samples, String field);
    }

    /** Decodes {@code bytes}, refusing with the request's {@code field} named. */
    public DecodedAudio decode(byte[] bytes, String field) {
        return decode(bytes, field, SampleCheck.NONE);
    }

    /**
     * As {@link #decode(byte[], String)}, with {@code admission} asked for the samples the container
     * declares (16 kHz mono; {@code mmf.audio.max-seconds} of them where it declares no duration)
     * after the header is read and before a sample is decoded.
     */
    public DecodedAudio decode(byte[] bytes, String field, SampleCheck admission) {
        checkSize(bytes, field);
        AVInputFormat format = probe(bytes, field);
        String formatName = format.name().getString();
        long missing = WavHeader.missingBytes(bytes);
        if (missing > 0) {
            throw InputException.badRequest(
                    field, "is truncated: its WAV data chunk declares " + missing + " bytes more than the file holds");
        }
        try (MemoryInput input = new MemoryInput(bytes)) {
            AVFormatContext container = avformat_alloc_context();
            container.pb(input.context());
            // a pb set before opening makes it custom IO: avformat_close_input leaves it to MemoryInput
            int opened = avformat_open_input(container, (String) null, format, null);
            if (opened < 0) {
                // FFmpeg has freed the context itself
                throw InputException.badRequest(
                        field,
                        "is a " + formatName + " file that cannot be read (" + error(opened)
                                + "): truncated or corrupt");
            }
            try {
                return decode(container, formatName, field, admission);
            } finally {
                avformat_close_input(container);
            }
        }
    }

    private void checkSize(byte[] bytes, String field) {
        if (bytes == null || bytes.length == 0) {
            throw InputException.badRequest(field, "is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw InputException.tooLarge(
                    field,
                    "is " + bytes.length + " bytes; the limit is " + limits.maxBytes() + " (" + Keys.AUDIO_MAX_BYTES
                            + ")");
        }
    }

    /** Identifies the container from the first bytes; 415 unless it is one of {@link #CONTAINERS}. */
    private static AVInputFormat probe(byte[] bytes, String field) {
        AVInputFormat format = MemoryInput.probe(bytes);
        if (format == null) {
            throw InputException.unsupportedType(
                    field, "is not an audio file FFmpeg recognises " + "(WAV, FLAC, MP3, Ogg, M4A/AAC, WebM, ...)");
        }
        String names = format.name().getString();
        boolean audio = Arrays.stream(names.split(",")).anyMatch(CONTAINERS::contains);
        if (!audio) {
            throw InputException.unsupportedType(field, "is " + names + ", not an audio container");
        }
        return format;
    }

    private DecodedAudio decode(AVFormatContext container, String formatName, String field, SampleCheck admission) {
        if (avformat_find_stream_info(container, (PointerPointer<?>) null) < 0) {
            throw InputException.badRequest(
                    field, "is a " + formatName + " file whose streams cannot be read: " + "truncated or corrupt");
        }
        int index = av_find_best_stream(container, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
        if (index < 0) {
            throw InputException.unsupportedType(field, "is a " + formatName + " file without an audio stream");
        }
        AVStream stream = container.streams(index);
        AVCodecParameters parameters = stream.codecpar();
        String codecName = avcodec_get_name(parameters.codec_id()).getString();
        int rate = parameters.sample_rate();
        int channels = parameters.ch_layout().nb_channels();
        checkStream(rate, channels, formatName, codecName, field);
        double declared = declaredSeconds(container, stream);
        checkDeclaredLength(declared, field);
        double admitted = declared > 0 ? declared : limits.maxSeconds();
        admission.admit((long) Math.ceil(admitted * DecodedAudio.SAMPLE_RATE), field);
        AVCodec codec = avcodec_find_decoder(parameters.codec_id());
        if (codec == null || codec.isNull()) {
            throw InputException.unsupportedType(field, "holds " + codecName + " audio, which cannot be decoded here");
        }
        AVCodecContext decoder = avcodec_alloc_context3(codec);
        try {
            if (avcodec_parameters_to_context(decoder, parameters) < 0) {
                throw InputException.badRequest(field, "has a " + codecName + " stream whose parameters are invalid");
            }
            decoder.thread_count(1);
            int open = avcodec_open2(decoder, codec, (PointerPointer<?>) null);
            if (open < 0) {
                throw InputException.badRequest(
                        field, "has a " + codecName + " stream that cannot be opened (" + error(open) + ")");
            }
            float[] samples = new DecodingPass(container, decoder, index, field, limits, declared).samples();
            double decoded = samples.length / (double) DecodedAudio.SAMPLE_RATE;
            if (samples.length == 0) {
                throw InputException.badRequest(
                        field, "is a " + formatName + " file with no decodable audio: " + "truncated or corrupt");
            }
            if (declared > 1 && decoded < declared * TRUNCATED_SHARE) {
                throw InputException.badRequest(
                        field,
                        String.format(
                                Locale.ROOT,
                                "is truncated: its container " + "declares %.1f s, only %.1f s decode",
                                declared,
                                decoded));
            }
            return new DecodedAudio(samples, formatName, codecName, rate, channels);
        } finally {
            avcodec_free_context(decoder);
        }
    }

    /** A recording whose container declares more than the limit is refused before it is decoded. */
    private void checkDeclaredLength(double declared, String field) {
        if (declared > limits.maxSeconds()) {
            throw InputException.tooLarge(
                    field,
                    String.format(
                            Locale.ROOT,
                            "lasts %.1f s as its container declares; the limit is %s s (" + Keys.AUDIO_MAX_SECONDS
                                    + ")",
                            declared,
                            seconds(limits.maxSeconds())));
        }
    }

    /** What the stream declares, before anything is decoded: a sample rate and channels within the limits. */
    private void checkStream(int rate, int channels, String formatName, String codecName, String field) {
        if (rate <= 0 || channels <= 0) {
            throw InputException.badRequest(
                    field,
                    "is a " + formatName + " file whose " + codecName + " stream declares no sample rate or channels");
        }
        if (rate > limits.maxSampleRate()) {
            throw InputException.tooLarge(
                    field,
                    "is sampled at " + rate + " Hz; the limit is " + limits.maxSampleRate() + " Hz ("
                            + Keys.AUDIO_MAX_SAMPLE_RATE + ")");
        }
        if (channels > limits.maxChannels()) {
            throw InputException.tooLarge(
                    field,
                    "has " + channels + " channels; the limit is " + limits.maxChannels() + " ("
                            + Keys.AUDIO_MAX_CHANNELS + ")");
        }
    }

    /**
     * The duration the audio stream declares, else the container's, in seconds; 0 when neither does.
     * The stream's first: in a video the container's duration is the longest stream's, and a sound
     * track shorter than the picture is no truncated file.
     */
    private static double declaredSeconds(AVFormatContext container, AVStream stream) {
        if (stream.duration() != AV_NOPTS_VALUE
                && stream.duration() > 0
                && stream.time_base().den() > 0) {
            return stream.duration()
                    * stream.time_base().num()
                    / (double) stream.time_base().den();
        }
        if (container.duration() != AV_NOPTS_VALUE && container.duration() > 0) {
            return container.duration() / (double) AV_TIME_BASE;
        }
        return 0;
    }

    static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }

    static String error(int code) {
        byte[] message = new byte[128];
        av_strerror(code, message, message.length);
        int end = 0;
        while (end < message.length && message[end] != 0) {
            end++;
        }
        return new String(message, 0, end, StandardCharsets.US_ASCII);
    }
}
