package dev.multimodal.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;
import dev.multimodal.util.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Files whose data does not cover what their header claims. ImageIO decodes each of them without
 * an exception (grey or blank rows where the data ran out), so each would be a 200 without the checks.
 */
public class LyingImagesTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    @Test
    void theFirstHalfOfAJpegIsRefusedAsTruncated() throws IOException {
        byte[] whole = TestImages.jpeg(picture(400, 300), false);
        assertEquals(400, decoder.decode(whole, "image").width(), "the whole file decodes");
        assertTruncated(Arrays.copyOf(whole, whole.length / 2), "truncated");
        assertTruncated(Arrays.copyOf(whole, whole.length - 2), "truncated"); // only the EOI marker missing
        byte[] progressive = TestImages.jpeg(picture(400, 300), true);
        assertEquals(300, decoder.decode(progressive, "image").height());
        assertTruncated(Arrays.copyOf(progressive, progressive.length / 2), "truncated");
    }

    @Test
    void aTinyJpegOrGifClaiming6000By6000IsRefusedBeforeItsRasterIsAllocated() throws IOException {
        byte[] jpeg = jpegClaiming(TestImages.jpeg(picture(64, 64), false), 6000, 6000);
        assertTruncated(jpeg, "header lies");
        byte[] gif = gifClaiming(TestImages.encode(picture(64, 64), "gif"), 6000, 6000);
        assertTruncated(gif, "header lies");
    }

    @Test
    void aGifWhoseDataEndsEarlyIsRefusedByTheRowsItCovers() throws IOException {
        // 64×64 of data under a header claiming 64×900: small enough to pass the size bound
        byte[] gif = gifClaiming(TestImages.encode(picture(64, 64), "gif"), 64, 900);
        InputException e = assertTruncated(gif, "header lies");
        assertTrue(e.getMessage().contains("of the 900 rows"), e.getMessage());
    }

    @Test
    void aJpegWithALyingHeightIsRefused() throws IOException {
        // twice the rows its data holds: plausible in size, so the decoder's warning must catch it
        byte[] whole = TestImages.jpeg(picture(400, 300), false);
        assertTruncated(jpegClaiming(whole, 400, 600), "truncated");
    }

    @Test
    void wholeFilesOfEveryFormatStillDecode() throws IOException {
        BufferedImage picture = picture(120, 90);
        for (String format : new String[] {"png", "gif", "bmp"}) {
            assertEquals(
                    90,
                    decoder.decode(TestImages.encode(picture, format), "image").height(),
                    format);
        }
        // a flat colour compresses far below the bounds' worst case yet stays above them
        BufferedImage flat = new BufferedImage(3000, 3000, BufferedImage.TYPE_INT_RGB);
        assertEquals(3000, decoder.decode(TestImages.jpeg(flat, false), "image").width());
        assertEquals(
                3000, decoder.decode(TestImages.encode(flat, "gif"), "image").width());
        assertEquals(
                3000, decoder.decode(TestImages.encode(flat, "png"), "image").width());
    }

    private InputException assertTruncated(byte[] bytes, String says) {
        InputException e = assertThrows(InputException.class, () -> decoder.decode(bytes, "image"));
        assertEquals(400, FailureStatuses.status(e), e.getMessage());
        assertEquals("image", e.field());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        return e;
    }

    public static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(width * 31L + height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 150; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 5 + random.nextInt(40), 5 + random.nextInt(30));
        }
        g.dispose();
        return image;
    }

    /** The JPEG with its start-of-frame rewritten to claim other dimensions. */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 9 < out.length; ) {
            int marker = (out[i] & 0xFF) << 8 | out[i + 1] & 0xFF;
            int length = (out[i + 2] & 0xFF) << 8 | out[i + 3] & 0xFF;
            if (marker == 0xFFC0 || marker == 0xFFC2) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
            i += 2 + length;
        }
        throw new AssertionError("no start-of-frame");
    }

    /** The GIF with its screen and first image descriptor rewritten to claim other dimensions. */
    static byte[] gifClaiming(byte[] gif, int width, int height) {
        byte[] out = gif.clone();
        littleEndian(out, 6, width);
        littleEndian(out, 8, height);
        int i = 13;
        if ((out[10] & 0x80) != 0) {
            i += 3 << ((out[10] & 7) + 1);
        }
        while (out[i] == 0x21) { // extensions: label, then sub-blocks up to a zero length
            i += 2;
            while (out[i] != 0) {
                i += 1 + (out[i] & 0xFF);
            }
            i++;
        }
        if (out[i] != 0x2C) {
            throw new AssertionError("no image descriptor");
        }
        littleEndian(out, i + 5, width);
        littleEndian(out, i + 7, height);
        return out;
    }

    private static void littleEndian(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >> 8);
    }
}
