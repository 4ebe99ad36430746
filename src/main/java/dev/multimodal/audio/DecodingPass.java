package dev.multimodal.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.settings.Keys;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/** One decoding pass: packets → frames → 16 kHz mono floats, counted against the limit. */
final class DecodingPass {

    private final AVFormatContext container;
    private final AVCodecContext decoder;
    private final int stream;
    private final String field;
    private final AudioLimits limits;
    private final long maxSamples;
    /** What a refusal for want of heap tells the client: a recording's work lasts seconds. */
    private static final int RETRY_AFTER_SECONDS = 5;

    private float[] out;
    private int length;
    private SwrContext resampler;
    private int resamplerRate;
    private int resamplerFormat;
    private int resamplerChannels;
    private int errors;
    private int frames;

    /**
     * @param declaredSeconds the duration the container declares (0: none): the output is sized for it
     *                        at once, since growing it by doubling held three copies of a long
     *                        recording at the end (the full array, the one it outgrew, the trimmed result)
     */
    DecodingPass(
            AVFormatContext container,
            AVCodecContext decoder,
            int stream,
            String field,
            AudioLimits limits,
            double declaredSeconds) {
        this.container = container;
        this.decoder = decoder;
        this.stream = stream;
        this.field = field;
        this.limits = limits;
        this.maxSamples = (long) Math.ceil(limits.maxSeconds() * DecodedAudio.SAMPLE_RATE);
        long declared = (long) Math.ceil(declaredSeconds * DecodedAudio.SAMPLE_RATE) + DecodedAudio.SAMPLE_RATE / 10;
        this.out = new float[0]; // grown at once by resized(), the one place the large array is made
        this.out = resized((int) Math.min(maxSamples, declaredSeconds > 0 ? declared : DecodedAudio.SAMPLE_RATE * 10L));
    }

    float[] samples() {
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw InputException.unavailable(field, "decoding was stopped: the service is stopping");
                }
                int read = av_read_frame(container, packet);
                if (read < 0) {
                    if (read != AVERROR_EOF) {
                        errors++;
                    }
                    break;
                }
                try {
                    if (packet.stream_index() == stream && avcodec_send_packet(decoder, packet) >= 0) {
                        receive(frame);
                    } else if (packet.stream_index() == stream) {
                        errors++;
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            avcodec_send_packet(decoder, null); // flush: the frames the decoder still holds
            receive(frame);
            flushResampler();
            return length == out.length ? out : resized(length);
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            if (resampler != null) {
                swr_free(resampler);
            }
        }
    }

    private void receive(AVFrame frame) {
        while (true) {
            int got = avcodec_receive_frame(decoder, frame);
            if (got == AudioDecoder.EAGAIN || got == AVERROR_EOF) {
                return;
            }
            if (got < 0) {
                errors++;
                return;
            }
            try {
                frames++;
                resample(frame);
            } finally {
                org.bytedeco.ffmpeg.global.avutil.av_frame_unref(frame);
            }
        }
    }

    private void resample(AVFrame frame) {
        int channels = frame.ch_layout().nb_channels();
        if (channels > limits.maxChannels()
                || frame.sample_rate() > limits.maxSampleRate()
                || frame.sample_rate() <= 0
                || channels <= 0) {
            throw InputException.badRequest(
                    field,
                    "changes to " + channels + " channels at " + frame.sample_rate()
                            + " Hz mid-stream, outside the limits or invalid");
        }
        if (resampler == null
                || frame.sample_rate() != resamplerRate
                || frame.format() != resamplerFormat
                || channels != resamplerChannels) {
            flushResampler();
            openResampler(frame);
        }
        int room = swr_get_out_samples(resampler, frame.nb_samples());
        convert(frame.extended_data(), frame.nb_samples(), Math.max(room, 0) + 32);
    }

    private void openResampler(AVFrame frame) {
        if (resampler != null) {
            swr_free(resampler);
            resampler = null;
        }
        try (AVChannelLayout mono = new AVChannelLayout();
                AVChannelLayout in = new AVChannelLayout()) {
            av_channel_layout_default(mono, 1);
            AVChannelLayout source = frame.ch_layout();
            if (source.order() == AV_CHANNEL_ORDER_UNSPEC) {
                av_channel_layout_default(in, source.nb_channels());
                source = in;
            }
            SwrContext context = new SwrContext(null);
            int made = swr_alloc_set_opts2(
                    context,
                    mono,
                    AV_SAMPLE_FMT_FLT,
                    DecodedAudio.SAMPLE_RATE,
                    source,
                    frame.format(),
                    frame.sample_rate(),
                    0,
                    null);
            av_channel_layout_uninit(in);
            if (made < 0 || context.isNull() || swr_init(context) < 0) {
                if (!context.isNull()) {
                    swr_free(context);
                }
                throw InputException.badRequest(
                        field,
                        "has audio the resampler cannot read (" + frame.sample_rate() + " Hz, " + source.nb_channels()
                                + " channels)");
            }
            resampler = context;
            resamplerRate = frame.sample_rate();
            resamplerFormat = frame.format();
            resamplerChannels = frame.ch_layout().nb_channels();
        }
    }

    private void flushResampler() {
        if (resampler != null) {
            convert(null, 0, swr_get_out_samples(resampler, 0) + 32);
        }
    }

    /** Converts {@code count} input samples (null: what the resampler holds) and appends them. */
    private void convert(PointerPointer<?> input, int count, int room) {
        if (room <= 0) {
            return;
        }
        try (FloatPointer buffer = new FloatPointer(room);
                PointerPointer<FloatPointer> output = new PointerPointer<>(1)) {
            output.put(0, buffer);
            int converted = swr_convert(resampler, output, room, input, count);
            if (converted < 0) {
                throw InputException.badRequest(
                        field, "has audio the resampler cannot convert (" + AudioDecoder.error(converted) + ")");
            }
            if (length + (long) converted > maxSamples) {
                throw InputException.tooLarge(
                        field,
                        "decodes to more than " + AudioDecoder.seconds(limits.maxSeconds()) + " s ("
                                + Keys.AUDIO_MAX_SECONDS
                                + "); decoding was stopped there, whatever the container declares");
            }
            if (length + converted > out.length) {
                // past the declared length (a file that lies, or none declared): a quarter more at a time
                out = resized(
                        (int) Math.min(maxSamples, Math.max(out.length + out.length / 4L, length + (long) converted)));
            }
            buffer.get(out, length, converted);
            length += converted;
        }
    }

    /**
     * The output array at a new size. A long recording's samples are the largest arrays the service
     * makes on the heap; when the heap cannot hold one beside the speech decoders and the other
     * requests' work, that is a 503 for this request, with the samples budget that should have kept
     * it out named, not a 500 (the failed allocation leaves nothing half-made).
     */
    private float[] resized(int size) {
        try {
            return Arrays.copyOf(out, size);
        } catch (OutOfMemoryError e) {
            throw new OverloadedException(
                    field + " decodes to " + size / DecodedAudio.SAMPLE_RATE + " s of samples, more than the heap"
                            + " holds beside the work in flight now; try again later, or lower "
                            + Keys.AUDIO_MAX_SAMPLES_IN_FLIGHT + " so that fewer are admitted at once",
                    RETRY_AFTER_SECONDS);
        }
    }
}
