package dev.multimodal.ocr.detection;

import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.ocr.TextBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Differentiable Binarization post-processing: the detector's probability map → text boxes.
 * Pixels above the threshold form regions (8-connected); each region's minimum-area rectangle is
 * scored by the mean probability inside it, grown back by the unclip distance
 * {@code area × ratio / perimeter} (the detector was trained on shrunk regions), and mapped to the
 * original image.
 */
public final class DbPostProcessor {

    private static final int MAX_REGIONS = 1000;

    private final OcrSettings settings;

    public DbPostProcessor(OcrSettings settings) {
        this.settings = settings;
    }

    /**
     * @param probs  the map, {@code mapH × mapW}, row-major
     * @param scaleX original width / map width, to map boxes back
     */
    public List<TextBox> boxes(float[] probs, int mapW, int mapH, float scaleX, float scaleY, int imageW, int imageH) {
        int[] labels = new int[mapW * mapH];
        int[] queue = new int[mapW * mapH];
        List<TextBox> boxes = new ArrayList<>();
        int regions = 0;
        for (int start = 0; start < probs.length && regions < MAX_REGIONS; start++) {
            if (labels[start] != 0 || probs[start] <= settings.threshold()) {
                continue;
            }
            regions++;
            int size = flood(probs, labels, queue, start, regions, mapW, mapH);
            if (size < 4) {
                continue;
            }
            TextBox box = box(probs, queue, size, mapW, mapH);
            if (box != null) {
                boxes.add(scale(box, scaleX, scaleY, imageW, imageH));
            }
        }
        return boxes;
    }

    /** Labels the region holding {@code start}; its pixel indices are left in {@code queue[0, size)}. */
    private int flood(float[] probs, int[] labels, int[] queue, int start, int label, int w, int h) {
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        labels[start] = label;
        float threshold = settings.threshold();
        while (head < tail) {
            int at = queue[head++];
            int x = at % w;
            int y = at / w;
            for (int dy = -1; dy <= 1; dy++) {
                int ny = y + dy;
                if (ny < 0 || ny >= h) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx;
                    if (nx < 0 || nx >= w) {
                        continue;
                    }
                    int n = ny * w + nx;
                    if (labels[n] == 0 && probs[n] > threshold) {
                        labels[n] = label;
                        queue[tail++] = n;
                    }
                }
            }
        }
        return tail;
    }

    private TextBox box(float[] probs, int[] pixels, int size, int w, int h) {
        double[][] hull = hull(pixels, size, w);
        double[] rect = MinAreaRect.of(hull);
        if (rect == null || Math.min(rect[2], rect[3]) < settings.minSize()) {
            return null;
        }
        float score = meanInside(probs, w, h, rect);
        if (score < settings.boxThreshold()) {
            return null;
        }
        double area = rect[2] * rect[3];
        double perimeter = 2 * (rect[2] + rect[3]);
        double grow = area * settings.unclipRatio() / perimeter;
        double[] grown = {rect[0], rect[1], rect[2] + 2 * grow, rect[3] + 2 * grow, rect[4]};
        if (Math.min(grown[2], grown[3]) < settings.minSize() + 2) {
            return null;
        }
        return MinAreaRect.corners(grown, score);
    }

    /**
     * The convex hull of a region, from the outer corners of each row's first and last pixel:
     * enough points for the hull, far fewer than the region holds.
     */
    private static double[][] hull(int[] pixels, int size, int w) {
        int minY = Integer.MAX_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            int y = pixels[i] / w;
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        int rows = maxY - minY + 1;
        int[] left = new int[rows];
        int[] right = new int[rows];
        Arrays.fill(left, Integer.MAX_VALUE);
        Arrays.fill(right, Integer.MIN_VALUE);
        for (int i = 0; i < size; i++) {
            int y = pixels[i] / w - minY;
            int x = pixels[i] % w;
            left[y] = Math.min(left[y], x);
            right[y] = Math.max(right[y], x);
        }
        List<double[]> points = new ArrayList<>(rows * 4);
        for (int r = 0; r < rows; r++) {
            if (left[r] == Integer.MAX_VALUE) {
                continue;
            }
            int y = r + minY;
            points.add(new double[] {left[r], y});
            points.add(new double[] {left[r], y + 1});
            points.add(new double[] {right[r] + 1, y});
            points.add(new double[] {right[r] + 1, y + 1});
        }
        return MinAreaRect.convexHull(points);
    }

    /** Mean probability of the map's pixels whose centres lie inside the rectangle. */
    private static float meanInside(float[] probs, int w, int h, double[] rect) {
        TextBox corners = MinAreaRect.corners(rect, 0);
        int x0 = Math.max(0, (int) Math.floor(min(corners.xs())));
        int x1 = Math.min(w - 1, (int) Math.ceil(max(corners.xs())));
        int y0 = Math.max(0, (int) Math.floor(min(corners.ys())));
        int y1 = Math.min(h - 1, (int) Math.ceil(max(corners.ys())));
        double cos = Math.cos(rect[4]);
        double sin = Math.sin(rect[4]);
        double sum = 0;
        int count = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - rect[0];
                double dy = y + 0.5 - rect[1];
                double u = dx * cos + dy * sin;
                double v = -dx * sin + dy * cos;
                if (Math.abs(u) <= rect[2] / 2 && Math.abs(v) <= rect[3] / 2) {
                    sum += probs[y * w + x];
                    count++;
                }
            }
        }
        return count == 0 ? 0f : (float) (sum / count);
    }

    private static TextBox scale(TextBox box, float sx, float sy, int imageW, int imageH) {
        float[] xs = new float[4];
        float[] ys = new float[4];
        for (int i = 0; i < 4; i++) {
            xs[i] = Math.max(0, Math.min(imageW, box.xs()[i] * sx));
            ys[i] = Math.max(0, Math.min(imageH, box.ys()[i] * sy));
        }
        return new TextBox(xs, ys, box.score());
    }

    private static float min(float[] values) {
        float m = Float.MAX_VALUE;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static float max(float[] values) {
        float m = -Float.MAX_VALUE;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
