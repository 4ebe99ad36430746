package dev.multimodal.ocr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where a strip's ink starts and ends, on strips painted here. */
class RegionCropperTest {

    /** A strip {@code width × 30} of paper {@code paper} with ink {@code ink} in columns [from, to), rows 8–22. */
    private static RegionCropper.Crop strip(int width, int paper, int ink, int from, int to) {
        byte[] bgr = new byte[width * 30 * 3];
        Arrays.fill(bgr, (byte) paper);
        for (int y = 8; y < 22; y++) {
            for (int x = from; x < to; x++) {
                for (int c = 0; c < 3; c++) {
                    bgr[(y * width + x) * 3 + c] = (byte) ink;
                }
            }
        }
        return new RegionCropper.Crop(bgr, width, 30);
    }

    @Test
    void theInkOfDarkTextOnLightPaperSpansItsColumns() {
        assertArrayEquals(new float[] {0.2f, 0.4f}, RegionCropper.inkSpan(strip(100, 245, 20, 20, 40)), 1e-6f);
    }

    @Test
    void lightTextOnDarkPaperIsInkToo() {
        assertArrayEquals(new float[] {0.5f, 0.75f}, RegionCropper.inkSpan(strip(200, 30, 230, 100, 150)), 1e-6f);
    }

    @Test
    void grainIsNotInk() {
        RegionCropper.Crop crop = strip(100, 200, 20, 30, 60);
        Random random = new Random(3);
        byte[] bgr = crop.bgr();
        for (int i = 0; i < bgr.length; i++) {
            int v = (bgr[i] & 0xFF) + (int) Math.round(random.nextGaussian() * 8);
            bgr[i] = (byte) Math.max(0, Math.min(255, v));
        }
        assertArrayEquals(new float[] {0.3f, 0.6f}, RegionCropper.inkSpan(crop), 1e-6f);
    }

    @Test
    void aBlankStripIsAllOfItsWidth() {
        assertArrayEquals(new float[] {0f, 1f}, RegionCropper.inkSpan(strip(50, 240, 240, 0, 0)), 1e-6f);
    }
}
