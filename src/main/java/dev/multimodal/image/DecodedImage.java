package dev.multimodal.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An image ready for preprocessing: 8-bit RGB as {@link BufferedImage#TYPE_3BYTE_BGR}, upright
 * (EXIF orientation applied), alpha composited on white.
 *
 * @param format      the decoder's format name ("jpeg", "png", "gif", "bmp", "webp")
 * @param orientation the EXIF orientation that was applied, 1 when none
 */
public record DecodedImage(BufferedImage image, String format, int orientation) {

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** The backing bytes, B, G, R per pixel, row by row. */
    public byte[] bgr() {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
