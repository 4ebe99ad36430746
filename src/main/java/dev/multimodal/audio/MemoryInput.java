package dev.multimodal.audio;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_format3;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg reading a byte array through a custom {@link AVIOContext}: no temporary file, and FFmpeg
 * sees nothing but these bytes (no protocol, no path). The read and seek callbacks are one native
 * thunk each for the whole process (JavaCPP allots few), so each input is found by its opaque
 * pointer's address. Public for the video decoder, which demuxes the same way.
 */
public final class MemoryInput implements AutoCloseable {

    /** How much of the bytes FFmpeg's probes look at. */
    private static final int PROBE_BYTES = 1 << 20;
    /** AVPROBE_PADDING_SIZE: zero bytes FFmpeg's probes may read past the buffer. */
    private static final int PROBE_PADDING = 64;
    /** AVPROBE_SCORE_RETRY: below this FFmpeg itself would not trust a guess. */
    private static final int MIN_PROBE_SCORE = 25;

    /**
     * The container FFmpeg recognises in the first bytes, before any demuxer opens them (the audio and
     * video decoders then accept only their own containers); null when FFmpeg cannot tell with confidence.
     */
    public static AVInputFormat probe(byte[] bytes) {
        int size = Math.min(bytes.length, PROBE_BYTES);
        try (BytePointer buffer = new BytePointer(size + PROBE_PADDING);
                BytePointer name = new BytePointer("");
                AVProbeData data = new AVProbeData();
                IntPointer score = new IntPointer(1)) {
            buffer.put(bytes, 0, size);
            buffer.position(size).put(new byte[PROBE_PADDING]).position(0);
            data.buf(buffer).buf_size(size).filename(name);
            AVInputFormat format = av_probe_input_format3(data, 1, score);
            return format == null || format.isNull() || score.get() < MIN_PROBE_SCORE ? null : format;
        }
    }

    private static final int BUFFER = 32 * 1024;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    /** AVSEEK_FORCE: a hint, not a mode. */
    private static final int SEEK_FORCE = 0x20000;

    private static final Map<Long, MemoryInput> OPEN = new ConcurrentHashMap<>();
    private static final Read READ = new Read();
    private static final Seek SEEK = new Seek();

    private final byte[] data;
    private final Pointer opaque;
    private final AVIOContext context;
    private int position;

    public MemoryInput(byte[] data) {
        this.data = data;
        this.opaque = av_malloc(1);
        if (opaque == null || opaque.isNull()) {
            throw new OutOfMemoryError("av_malloc");
        }
        OPEN.put(opaque.address(), this);
        BytePointer buffer = new BytePointer(av_malloc(BUFFER));
        AVIOContext io = avio_alloc_context(buffer, BUFFER, 0, opaque, READ, null, SEEK);
        if (io == null || io.isNull()) {
            av_free(buffer);
            OPEN.remove(opaque.address());
            av_free(opaque);
            throw new OutOfMemoryError("avio_alloc_context");
        }
        this.context = io;
    }

    public AVIOContext context() {
        return context;
    }

    /** Frees the context and its buffer (which FFmpeg may have replaced), then the opaque pointer. */
    @Override
    public void close() {
        av_free(context.buffer());
        context.buffer(null);
        avio_context_free(context);
        OPEN.remove(opaque.address());
        av_free(opaque);
    }

    private int read(BytePointer buffer, int size) {
        int n = Math.min(size, data.length - position);
        if (n <= 0) {
            return AVERROR_EOF;
        }
        buffer.position(0).put(data, position, n);
        position += n;
        return n;
    }

    private long seek(long offset, int whence) {
        int mode = whence & ~SEEK_FORCE;
        if (mode == AVSEEK_SIZE) {
            return data.length;
        }
        long target = switch (mode) {
            case SEEK_SET -> offset;
            case SEEK_CUR -> position + offset;
            case SEEK_END -> data.length + offset;
            default -> -1;
        };
        if (target < 0 || target > data.length) {
            return -1;
        }
        position = (int) target;
        return target;
    }

    private static final class Read extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            MemoryInput input = OPEN.get(opaque.address());
            return input == null ? AVERROR_EOF : input.read(buffer, size);
        }
    }

    private static final class Seek extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            MemoryInput input = OPEN.get(opaque.address());
            return input == null ? -1 : input.seek(offset, whence);
        }
    }
}
