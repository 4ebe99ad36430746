package dev.multimodal.audio;

/**
 * The one truncation FFmpeg does not report: a WAV whose data chunk declares more bytes than the
 * file holds is read as far as it goes, its duration taken from what is there. The RIFF chunks are
 * walked here to compare the declared size with the bytes present.
 */
final class WavHeader {

    private WavHeader() {}

    /**
     * The bytes the data chunk declares beyond the end of the file; 0 when complete, not a WAV, or
     * written by a streaming encoder that leaves the size open (0 or 0xFFFFFFFF).
     */
    static long missingBytes(byte[] bytes) {
        if (bytes.length < 12 || !tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE")) {
            return 0;
        }
        int at = 12;
        while (at + 8 <= bytes.length) {
            long size = Integer.toUnsignedLong(littleEndian(bytes, at + 4));
            if (tag(bytes, at, "data")) {
                if (size == 0 || size == 0xFFFFFFFFL) {
                    return 0;
                }
                long present = bytes.length - (at + 8L);
                return Math.max(0, size - present);
            }
            at += 8 + size + (size & 1);
        }
        return 0;
    }

    private static boolean tag(byte[] bytes, int at, String tag) {
        for (int i = 0; i < 4; i++) {
            if (bytes[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int littleEndian(byte[] bytes, int at) {
        return (bytes[at] & 0xff)
                | (bytes[at + 1] & 0xff) << 8
                | (bytes[at + 2] & 0xff) << 16
                | (bytes[at + 3] & 0xff) << 24;
    }
}
