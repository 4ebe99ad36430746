package dev.multimodal.ocr.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.ocr.TextBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbPostProcessorTest {

    private static OcrSettings settings(float unclip, int minSize) {
        return new OcrSettings(
                960,
                32,
                0.3f,
                0.6f,
                unclip,
                minSize,
                new float[3],
                new float[] {1, 1, 1},
                "BGR",
                192,
                48,
                0.9f,
                48,
                3200,
                0.5f,
                true);
    }

    /** A map with value {@code p} on the pixels of [x0, x1) × [y0, y1). */
    private static float[] map(int w, int h, float p, int x0, int y0, int x1, int y1) {
        float[] probs = new float[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                probs[y * w + x] = p;
            }
        }
        return probs;
    }

    @Test
    void anAxisAlignedRegionBecomesItsRectangleGrownByTheUnclipDistance() {
        // region 40 × 10 pixels at (10, 20): area 400, perimeter 100, ratio 1.5 → grows 6 on every side
        float[] probs = map(64, 48, 0.9f, 10, 20, 50, 30);
        List<TextBox> boxes = new DbPostProcessor(settings(1.5f, 3)).boxes(probs, 64, 48, 1, 1, 64, 48);
        assertEquals(1, boxes.size());
        TextBox box = boxes.get(0);
        assertEquals(52, box.width(), 1e-3);
        assertEquals(22, box.height(), 1e-3);
        assertEquals(4, box.xs()[0], 1e-3);
        assertEquals(14, box.ys()[0], 1e-3);
        assertEquals(56, box.xs()[2], 1e-3);
        assertEquals(36, box.ys()[2], 1e-3);
        assertEquals(0.9f, box.score(), 1e-6);
    }

    @Test
    void boxesAreMappedBackToTheImageAndClippedToIt() {
        float[] probs = map(64, 48, 0.9f, 10, 20, 50, 30);
        TextBox box = new DbPostProcessor(settings(1.5f, 3))
                .boxes(probs, 64, 48, 2, 0.5f, 100, 24)
                .get(0);
        assertEquals(8, box.xs()[0], 1e-3);
        assertEquals(7, box.ys()[0], 1e-3);
        assertEquals(100, box.xs()[2], 1e-3); // 112 clipped to the image's width
        assertEquals(18, box.ys()[2], 1e-3);
    }

    @Test
    void weakTinyAndBelowThresholdRegionsAreDropped() {
        DbPostProcessor post = new DbPostProcessor(settings(1.5f, 3));
        assertTrue(
                post.boxes(map(64, 48, 0.5f, 10, 20, 50, 30), 64, 48, 1, 1, 64, 48)
                        .isEmpty(),
                "mean 0.5 < 0.6");
        assertTrue(
                post.boxes(map(64, 48, 0.9f, 10, 20, 50, 22), 64, 48, 1, 1, 64, 48)
                        .isEmpty(),
                "2 px < min size 3");
        assertTrue(
                post.boxes(map(64, 48, 0.2f, 10, 20, 50, 30), 64, 48, 1, 1, 64, 48)
                        .isEmpty(),
                "below 0.3");
    }

    @Test
    void twoSeparateRegionsGiveTwoBoxes() {
        float[] probs = map(64, 48, 0.9f, 5, 5, 30, 12);
        float[] second = map(64, 48, 0.8f, 5, 30, 40, 38);
        for (int i = 0; i < probs.length; i++) {
            probs[i] = Math.max(probs[i], second[i]);
        }
        assertEquals(
                2,
                new DbPostProcessor(settings(1.0f, 3))
                        .boxes(probs, 64, 48, 1, 1, 64, 48)
                        .size());
    }

    @Test
    void aRotatedRectangleIsFoundAtItsAngle() {
        // a 60 × 12 bar turned by 20°, rasterised by pixel centres
        int w = 100;
        int h = 80;
        float[] probs = new float[w * h];
        double angle = Math.toRadians(20);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x + 0.5 - 50;
                double dy = y + 0.5 - 40;
                double u = dx * Math.cos(angle) + dy * Math.sin(angle);
                double v = -dx * Math.sin(angle) + dy * Math.cos(angle);
                if (Math.abs(u) <= 30 && Math.abs(v) <= 6) {
                    probs[y * w + x] = 0.95f;
                }
            }
        }
        TextBox box = new DbPostProcessor(settings(0.0001f, 3))
                .boxes(probs, w, h, 1, 1, w, h)
                .get(0);
        double found = Math.toDegrees(Math.atan2(box.ys()[1] - box.ys()[0], box.xs()[1] - box.xs()[0]));
        assertEquals(20, found, 2.5);
        assertEquals(60, box.width(), 3);
        assertEquals(12, box.height(), 3);
    }

    @Test
    void theMinimumRectangleOfASquareTurned45DegreesIsThatSquare() {
        List<double[]> diamond = List.of(
                new double[] {0, -10},
                new double[] {10, 0},
                new double[] {0, 10},
                new double[] {-10, 0},
                new double[] {0, 0},
                new double[] {3, 2});
        double[][] hull = MinAreaRect.convexHull(diamond);
        assertEquals(4, hull.length);
        double[] rect = MinAreaRect.of(hull);
        assertEquals(200, rect[2] * rect[3], 1e-6);
        assertEquals(Math.PI / 4, Math.abs(rect[4]), 1e-9);
    }
}
