package dev.multimodal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Exact tensor values on tiny images, worked out by hand (see the comments for the arithmetic). */
class ImagePreprocessorTest {

    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};

    @Test
    void bilinearShrinkAveragesUnderTheStretchedFilter() {
        // 4 → 2, scale 2, support 2. Out 0: centre 1.0, inputs 0..2, weights 0.75 0.75 0.25 (/1.75)
        // = 0·3/7 + 100·3/7 + 200·1/7 = 71.4 → 71. Out 1: centre 3.0, inputs 1..3, weights 0.25 0.75 0.75
        // = 100/7 + 200·3/7 + 255·3/7 = 209.3 → 209.
        assertArrayEquals(new int[] {71, 209}, row(Resampler.resize(grey(0, 100, 200, 255), 4, 1, 3, 2, 1, false)));
    }

    @Test
    void bilinearGrowInterpolatesBetweenNeighbours() {
        // 2 → 4, scale 0.5: centres 0.25 0.75 1.25 1.75 → 0, 0.75·0 + 0.25·100, 0.25·0 + 0.75·100, 100
        assertArrayEquals(new int[] {0, 25, 75, 100}, row(Resampler.resize(grey(0, 100), 2, 1, 3, 4, 1, false)));
    }

    @Test
    void bicubicGrowOvershootsAndClips() {
        // a = -0.5. Centre 0.25: w(0.25) = 0.8671875, w(1.25) = -0.0703125 → 100·(-0.0882) < 0 → 0.
        // Centre 0.75: w(0.25) = 0.8671875, w(0.75) = 0.2265625 → 100·0.2071 = 20.7 → 21; mirrored: 79, 109.
        assertArrayEquals(new int[] {0, 21, 79, 109}, row(Resampler.resize(grey(0, 100), 2, 1, 3, 4, 1, true)));
    }

    @Test
    void aFlatImageStaysFlatWhateverTheFilter() {
        byte[] flat = new byte[30 * 20 * 3];
        for (int i = 0; i < flat.length; i += 3) {
            flat[i] = 10;
            flat[i + 1] = (byte) 120;
            flat[i + 2] = (byte) 240;
        }
        for (boolean bicubic : new boolean[] {false, true}) {
            byte[] out = Resampler.resize(flat, 30, 20, 3, 7, 11, bicubic);
            for (int i = 0; i < out.length; i += 3) {
                assertEquals(10, out[i] & 0xFF);
                assertEquals(120, out[i + 1] & 0xFF);
                assertEquals(240, out[i + 2] & 0xFF);
            }
        }
    }

    @Test
    void layoutsAndChannelOrdersPlaceEveryValue() {
        DecodedImage image = image(2, 2, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120);
        assertArrayEquals(
                new float[] {10, 40, 70, 100, 20, 50, 80, 110, 30, 60, 90, 120},
                values(new ImagePreprocessor(plain("RGB", ImagePreprocessing.Layout.NCHW)).apply(image)));
        assertArrayEquals(
                new float[] {30, 20, 10, 60, 50, 40, 90, 80, 70, 120, 110, 100},
                values(new ImagePreprocessor(plain("BGR", ImagePreprocessing.Layout.NHWC)).apply(image)));
        ImagePreprocessor.ImageTensor t =
                new ImagePreprocessor(plain("RGB", ImagePreprocessing.Layout.NHWC)).apply(image);
        assertArrayEquals(new long[] {1, 2, 2, 3}, t.shape());
    }

    @Test
    void rescaleMeanAndStdArePerChannelInRgbOrder() {
        DecodedImage image = image(1, 1, 255, 0, 51);
        ImagePreprocessing spec = new ImagePreprocessing(
                ImagePreprocessing.Resize.NONE,
                0,
                0,
                0,
                null,
                0,
                0,
                0,
                0,
                1f / 255,
                new float[] {0.5f, 0.5f, 0.2f},
                new float[] {0.5f, 0.25f, 0.1f},
                "BGR",
                ImagePreprocessing.Layout.NCHW);
        // B: (51/255 - 0.2)/0.1 = 0; G: (0 - 0.5)/0.25 = -2; R: (1 - 0.5)/0.5 = 1 — written B, G, R
        float[] v = values(new ImagePreprocessor(spec).apply(image));
        assertEquals(0, v[0], 1e-5);
        assertEquals(-2, v[1], 1e-5);
        assertEquals(1, v[2], 1e-5);
    }

    @Test
    void centreCropRoundsHalfToEvenLikeTorchvision() {
        // 5×1 row 1..5, crop 2: left = round((5 - 2) / 2) = round(1.5) = 2 → pixels 3, 4
        DecodedImage row = image(5, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5);
        ImagePreprocessing crop = new ImagePreprocessing(
                ImagePreprocessing.Resize.NONE,
                0,
                0,
                0,
                null,
                2,
                1,
                0,
                0,
                1,
                ZERO,
                ONE,
                "RGB",
                ImagePreprocessing.Layout.NHWC);
        assertArrayEquals(new float[] {3, 3, 3, 4, 4, 4}, values(new ImagePreprocessor(crop).apply(row)));
    }

    @Test
    void paddingFillsRightAndBottomToTheMultiple() {
        DecodedImage image = image(3, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6);
        ImagePreprocessing pad = new ImagePreprocessing(
                ImagePreprocessing.Resize.NONE,
                0,
                0,
                0,
                null,
                0,
                0,
                4,
                9,
                1,
                ZERO,
                ONE,
                "RGB",
                ImagePreprocessing.Layout.NCHW);
        ImagePreprocessor.ImageTensor t = new ImagePreprocessor(pad).apply(image);
        assertArrayEquals(new long[] {1, 3, 4, 4}, t.shape());
        float[] red = Arrays.copyOf(values(t), 16);
        assertArrayEquals(new float[] {1, 2, 3, 9, 4, 5, 6, 9, 9, 9, 9, 9, 9, 9, 9, 9}, red);
    }

    @Test
    void clipPreprocessingGivesASquareTensor() {
        DecodedImage photo = new DecodedImage(new BufferedImage(300, 200, BufferedImage.TYPE_3BYTE_BGR), "png", 1);
        ImagePreprocessor clip = new ImagePreprocessor(ImagePreprocessing.clip(224));
        assertArrayEquals(new int[] {224, 224}, clip.outputSize(300, 200));
        ImagePreprocessor.ImageTensor t = clip.apply(photo);
        assertArrayEquals(new long[] {1, 3, 224, 224}, t.shape());
        assertTrue(t.data().isDirect());
        // black after CLIP's normalisation: -mean/std per channel
        assertEquals(-0.48145466f / 0.26862954f, t.data().get(0), 1e-5);
        ImagePreprocessor shortest = new ImagePreprocessor(new ImagePreprocessing(
                ImagePreprocessing.Resize.SHORTEST,
                10,
                0,
                0,
                "bilinear",
                0,
                0,
                0,
                0,
                1,
                ZERO,
                ONE,
                "RGB",
                ImagePreprocessing.Layout.NCHW));
        assertArrayEquals(new int[] {10, 15}, shortest.outputSize(300, 200));
        ImagePreprocessor longest = new ImagePreprocessor(new ImagePreprocessing(
                ImagePreprocessing.Resize.LONGEST,
                30,
                0,
                0,
                "bilinear",
                0,
                0,
                32,
                0,
                1,
                ZERO,
                ONE,
                "RGB",
                ImagePreprocessing.Layout.NCHW));
        assertArrayEquals(new int[] {32, 32}, longest.outputSize(300, 200), "30×20, padded to 32×32");
    }

    @Test
    void imagesGoOneAfterAnotherIntoABatchBuffer() {
        ImagePreprocessor p = new ImagePreprocessor(plain("RGB", ImagePreprocessing.Layout.NCHW));
        FloatBuffer batch = FloatBuffer.allocate(2 * 3 * 4);
        p.write(image(2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), batch);
        p.write(image(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2), batch);
        assertEquals(24, batch.position());
        assertEquals(1, batch.get(11));
        assertEquals(2, batch.get(12));
    }

    @Test
    void aBadSpecNamesItsField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ImagePreprocessing(
                        ImagePreprocessing.Resize.parse("fit"),
                        224,
                        0,
                        0,
                        null,
                        0,
                        0,
                        0,
                        0,
                        1,
                        ZERO,
                        ONE,
                        "RGB",
                        ImagePreprocessing.Layout.NCHW));
        assertTrue(e.getMessage().contains("preprocessing.resize"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImagePreprocessing(
                        ImagePreprocessing.Resize.NONE,
                        0,
                        0,
                        0,
                        null,
                        0,
                        0,
                        0,
                        0,
                        1,
                        ZERO,
                        new float[] {1, 0, 1},
                        "RGB",
                        ImagePreprocessing.Layout.NCHW));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImagePreprocessing(
                        ImagePreprocessing.Resize.NONE,
                        0,
                        0,
                        0,
                        null,
                        0,
                        0,
                        0,
                        0,
                        1,
                        ZERO,
                        ONE,
                        "RGBA",
                        ImagePreprocessing.Layout.NCHW));
    }

    private static ImagePreprocessing plain(String order, ImagePreprocessing.Layout layout) {
        return new ImagePreprocessing(
                ImagePreprocessing.Resize.NONE, 0, 0, 0, null, 0, 0, 0, 0, 1, ZERO, ONE, order, layout);
    }

    /** RGB triples, row by row, as a decoded BGR image. */
    private static DecodedImage image(int w, int h, int... rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < w * h; i++) {
            image.setRGB(i % w, i / w, rgb[3 * i] << 16 | rgb[3 * i + 1] << 8 | rgb[3 * i + 2]);
        }
        return new DecodedImage(image, "png", 1);
    }

    private static byte[] grey(int... values) {
        byte[] pixels = new byte[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(pixels, 3 * i, 3 * i + 3, (byte) values[i]);
        }
        return pixels;
    }

    private static int[] row(byte[] pixels) {
        int[] values = new int[pixels.length / 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = pixels[3 * i] & 0xFF;
            assertEquals(values[i], pixels[3 * i + 2] & 0xFF);
        }
        return values;
    }

    private static float[] values(ImagePreprocessor.ImageTensor t) {
        float[] v = new float[t.data().remaining()];
        t.data().duplicate().get(v);
        return v;
    }
}
