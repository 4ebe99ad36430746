package dev.multimodal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;
import dev.multimodal.util.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

public class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    @Test
    void theWarmUpDecodesAJpegAndAPngThroughTheSamePath() {
        assertEquals(List.of("jpeg", "png"), ImageDecoder.warmUp());
    }

    @Test
    void pngRgbKeepsEveryPixelExactly() throws IOException {
        BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0x123456);
        image.setRGB(15, 11, 0xFEDCBA);
        DecodedImage decoded = decoder.decode(TestImages.encode(image, "png"), "image");
        assertEquals("png", decoded.format());
        assertArrayEquals(new int[] {0x12, 0x34, 0x56}, rgb(decoded, 3, 4));
        assertArrayEquals(new int[] {0xFE, 0xDC, 0xBA}, rgb(decoded, 15, 11));
        assertArrayEquals(new int[] {0, 0, 0}, rgb(decoded, 0, 0));
    }

    @Test
    void alphaIsCompositedOnWhite() throws IOException {
        BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(1, 1, 0x80FF0000); // red at alpha 128
        image.setRGB(2, 2, 0x00000000); // fully transparent black
        DecodedImage decoded = decoder.decode(TestImages.encode(image, "png"), "image");
        int[] half = rgb(decoded, 1, 1);
        assertEquals(255, half[0]);
        assertTrue(Math.abs(half[1] - 127) <= 1 && Math.abs(half[2] - 127) <= 1, Arrays.toString(half));
        assertArrayEquals(new int[] {255, 255, 255}, rgb(decoded, 2, 2));
    }

    @Test
    void greyBecomesRgbWithoutChangingItsValue() throws IOException {
        BufferedImage grey8 = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
        grey8.getRaster().setSample(4, 5, 0, 100);
        assertArrayEquals(
                new int[] {100, 100, 100}, rgb(decoder.decode(TestImages.encode(grey8, "png"), "image"), 4, 5));

        BufferedImage grey16 = new BufferedImage(10, 10, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(4, 5, 0, 0x6400);
        assertArrayEquals(
                new int[] {100, 100, 100}, rgb(decoder.decode(TestImages.encode(grey16, "png"), "image"), 4, 5));
    }

    @Test
    void paletteImagesAndBmpKeepTheirColours() throws IOException {
        IndexColorModel palette = new IndexColorModel(
                8, 3, new byte[] {(byte) 200, 0, 10}, new byte[] {20, (byte) 150, 10}, new byte[] {30, 0, (byte) 250});
        BufferedImage indexed = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(5, 6, 0, 2);
        for (String format : new String[] {"png", "gif"}) {
            DecodedImage decoded = decoder.decode(TestImages.encode(indexed, format), "image");
            assertEquals(format, decoded.format());
            assertArrayEquals(new int[] {10, 10, 250}, rgb(decoded, 5, 6), format);
            assertArrayEquals(new int[] {200, 20, 30}, rgb(decoded, 0, 0), format);
        }
        BufferedImage bmp = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
        bmp.setRGB(5, 6, 0x0A0AFA);
        DecodedImage decoded = decoder.decode(TestImages.encode(bmp, "bmp"), "image");
        assertEquals("bmp", decoded.format());
        assertArrayEquals(new int[] {10, 10, 250}, rgb(decoded, 5, 6));
    }

    @Test
    void baselineAndProgressiveJpegDecode() throws IOException {
        BufferedImage image = halves(64, 32, Color.RED, Color.BLUE);
        for (boolean progressive : new boolean[] {false, true}) {
            DecodedImage decoded = decoder.decode(TestImages.jpeg(image, 0.95f, progressive), "image");
            assertEquals("jpeg", decoded.format());
            assertClose(new int[] {255, 0, 0}, rgb(decoded, 8, 16));
            assertClose(new int[] {0, 0, 255}, rgb(decoded, 56, 16));
        }
    }

    @Test
    void exifOrientationIsApplied() throws IOException {
        // stored 40×20: red left, blue right; orientation 6 = shown turned 90° clockwise
        byte[] stored = TestImages.jpeg(halves(40, 20, Color.RED, Color.BLUE), 0.95f, false);
        DecodedImage decoded = decoder.decode(withExifOrientation(stored, 6), "image");
        assertEquals(6, decoded.orientation());
        assertEquals(20, decoded.width());
        assertEquals(40, decoded.height());
        assertClose(new int[] {255, 0, 0}, rgb(decoded, 10, 5));
        assertClose(new int[] {0, 0, 255}, rgb(decoded, 10, 35));
        assertEquals(1, decoder.decode(stored, "image").orientation());
    }

    @Test
    void orientationsMoveWholePixelsAsTheExifSpecSays() {
        // 3×2 stored: a b c / d e f (values 1..6 in the blue byte)
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < 6; i++) {
            stored.setRGB(i % 3, i / 3, i + 1);
        }
        assertPixels(Orientation.apply(stored, 2), 3, new int[] {3, 2, 1, 6, 5, 4});
        assertPixels(Orientation.apply(stored, 3), 3, new int[] {6, 5, 4, 3, 2, 1});
        assertPixels(Orientation.apply(stored, 4), 3, new int[] {4, 5, 6, 1, 2, 3});
        assertPixels(Orientation.apply(stored, 5), 2, new int[] {1, 4, 2, 5, 3, 6});
        assertPixels(Orientation.apply(stored, 6), 2, new int[] {4, 1, 5, 2, 6, 3});
        assertPixels(Orientation.apply(stored, 7), 2, new int[] {6, 3, 5, 2, 4, 1});
        assertPixels(Orientation.apply(stored, 8), 2, new int[] {3, 6, 2, 5, 1, 4});
    }

    /** Samples from TwelveMonkeys' own test jars: Java can write neither CMYK JPEGs nor WebP. */
    private static byte[] sample(String resource) throws IOException {
        try (var in = ImageDecoderTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " is on the test classpath");
            return in.readAllBytes();
        }
    }

    @Test
    void cmykAndYcckJpegsBecomeRgb() throws IOException {
        DecodedImage cmyk = decoder.decode(sample("/jpeg/cmyk-sample.jpg"), "image");
        assertEquals("jpeg", cmyk.format());
        assertEquals(160, cmyk.width());
        assertEquals(227, cmyk.height());
        assertClose(new int[] {40, 151, 218}, rgb(cmyk, 0, 0)); // a blue sky, through the embedded CMYK profile
        DecodedImage noProfile = decoder.decode(sample("/jpeg/cmyk-sample-no-icc.jpg"), "image");
        assertEquals(114, noProfile.width());
        DecodedImage ycck = decoder.decode(sample("/jpeg/exif-jfif-app13-app14ycck-3channel.jpg"), "image");
        assertEquals(310, ycck.width());
        assertEquals(384, ycck.height());
    }

    @Test
    void webpLossyLosslessAndAlphaDecode() throws IOException {
        DecodedImage lossy = decoder.decode(sample("/webp/test.webp"), "image");
        assertEquals("webp", lossy.format());
        assertEquals(128, lossy.width());
        DecodedImage lossless = decoder.decode(sample("/webp/2_webp_ll.webp"), "image");
        assertEquals(386, lossless.width());
        assertEquals(395, lossless.height());
        byte[] withAlpha = sample("/webp/1_webp_a.webp");
        BufferedImage raw = ImageIO.read(new java.io.ByteArrayInputStream(withAlpha));
        assertEquals(0, raw.getRGB(0, 0) >>> 24, "the sample's corner is transparent");
        assertArrayEquals(new int[] {255, 255, 255}, rgb(decoder.decode(withAlpha, "image"), 0, 0));
        DecodedImage tile = decoder.decode(sample("/webp/blue_tile.webp"), "image");
        assertClose(new int[] {115, 174, 213}, rgb(tile, 128, 128));
    }

    @Test
    void hostileAndBrokenFilesGetClear4xx() throws IOException {
        byte[] png = TestImages.encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        assertRefused(new byte[1024], 415);
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        assertRefused(random, 415);
        assertRefused("hello, I am text".getBytes(StandardCharsets.UTF_8), 415);
        assertRefused(Arrays.copyOf(png, 60), 400); // truncated
        assertRefused(TestImages.encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png"), 400); // 1×1
        byte[] lying = png.clone(); // PNG signature, garbage after
        Arrays.fill(lying, 16, lying.length, (byte) 0x5A);
        assertRefused(lying, 400);
        assertRefused(TestImages.pngHeaderClaiming(100_000, 100_000), 413); // decompression bomb
        InputException big = assertThrows(
                InputException.class, () -> new ImageDecoder(new ImageLimits(20, 1_000_000, 8)).decode(png, "image"));
        assertEquals(413, FailureStatuses.status(big));
        assertTrue(big.getMessage().contains("the limit is 20"), big.getMessage());
    }

    private void assertRefused(byte[] bytes, int status) {
        InputException e = assertThrows(InputException.class, () -> decoder.decode(bytes, "image"));
        assertEquals(status, FailureStatuses.status(e), e.getMessage());
        assertEquals("image", e.field());
    }

    private static void assertPixels(BufferedImage image, int width, int[] expected) {
        assertEquals(width, image.getWidth());
        int[] actual = new int[expected.length];
        for (int i = 0; i < expected.length; i++) {
            actual[i] = image.getRGB(i % width, i / width) & 0xFF;
        }
        assertArrayEquals(expected, actual);
    }

    private static void assertClose(int[] expected, int[] actual) {
        for (int i = 0; i < 3; i++) {
            assertTrue(
                    Math.abs(expected[i] - actual[i]) <= 12,
                    Arrays.toString(expected) + " vs " + Arrays.toString(actual));
        }
    }

    private static int[] rgb(DecodedImage image, int x, int y) {
        byte[] bgr = image.bgr();
        int at = (y * image.width() + x) * 3;
        return new int[] {bgr[at + 2] & 0xFF, bgr[at + 1] & 0xFF, bgr[at] & 0xFF};
    }

    private static BufferedImage halves(int w, int h, Color left, Color right) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(right);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return image;
    }

    @Test
    void theHeaderCheckSeesTheSizeBeforeAnyPixelIsDecodedAndCanRefuseWith503() throws IOException {
        byte[] png = TestImages.encode(new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB), "png");
        byte[] headerOnly = Arrays.copyOf(png, 60); // IHDR is whole, the pixels are cut off
        int[] seen = new int[2];
        ImageDecoder.HeaderCheck full = (w, h) -> {
            seen[0] = w;
            seen[1] = h;
            throw new dev.multimodal.refusal.OverloadedException("no room for " + w * h + " pixels", 1);
        };
        assertThrows(
                dev.multimodal.refusal.OverloadedException.class,
                () -> decoder.decode(headerOnly, "image", full),
                "refused from the header: the body never decoded");
        assertArrayEquals(new int[] {300, 200}, seen);
        assertThrows(
                InputException.class,
                () -> decoder.decode(headerOnly, "image", ImageDecoder.HeaderCheck.NONE),
                "admitted, the cut-off body fails to decode");
        assertEquals(300, decoder.decode(png, "image", (w, h) -> {}).width());
    }

    /** An APP1 "Exif" segment right after SOI: a big-endian TIFF header and one IFD entry, Orientation. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) throws IOException {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        DataOutputStream t = new DataOutputStream(tiff);
        t.writeBytes("MM");
        t.writeShort(42);
        t.writeInt(8); // first IFD at offset 8
        t.writeShort(1); // one entry
        t.writeShort(0x0112); // Orientation
        t.writeShort(3); // SHORT
        t.writeInt(1); // count
        t.writeShort(orientation);
        t.writeShort(0);
        t.writeInt(0); // no next IFD
        byte[] payload = tiff.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(out);
        o.write(jpeg, 0, 2); // SOI
        o.writeShort(0xFFE1);
        o.writeShort(2 + 6 + payload.length);
        o.writeBytes("Exif");
        o.writeShort(0);
        o.write(payload);
        o.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
