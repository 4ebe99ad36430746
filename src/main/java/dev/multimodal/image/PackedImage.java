package dev.multimodal.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A {@link DecodedImage} held compressed (its BGR bytes deflated at the fastest level, lossless) while
 * it waits to be used, and unpacked each time it is. A clip's keyframes wait for the whole clip to be
 * decoded before OCR reads them: 32 of them at 1280 × 720 held 88 MB of a 512 MiB heap beside a speech
 * decoder and the recording's samples, where slides and screens deflate to a few percent of that.
 */
public final class PackedImage {

    private final int width;
    private final int height;
    private final String format;
    private final int orientation;
    private final byte[] deflated;

    private PackedImage(int width, int height, String format, int orientation, byte[] deflated) {
        this.width = width;
        this.height = height;
        this.format = format;
        this.orientation = orientation;
        this.deflated = deflated;
    }

    public static PackedImage of(DecodedImage image) {
        byte[] bgr = image.bgr();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(bgr);
            deflater.finish();
            byte[] out = new byte[Math.max(64, bgr.length / 8)];
            int length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length + Math.max(64, out.length / 2));
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return new PackedImage(
                    image.width(), image.height(), image.format(), image.orientation(), Arrays.copyOf(out, length));
        } finally {
            deflater.end();
        }
    }

    /** A new image with the packed pixels. */
    public DecodedImage unpack() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            int length = 0;
            while (length < bgr.length && !inflater.finished()) {
                int n = inflater.inflate(bgr, length, bgr.length - length);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                length += n;
            }
            if (length != bgr.length) {
                throw new IllegalStateException("a packed image unpacked to " + length + " bytes, not " + bgr.length);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("a packed image is corrupt", e);
        } finally {
            inflater.end();
        }
        return new DecodedImage(image, format, orientation);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The bytes it holds. */
    public int packedBytes() {
        return deflated.length;
    }
}
