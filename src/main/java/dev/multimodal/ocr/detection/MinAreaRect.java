package dev.multimodal.ocr.detection;

import dev.multimodal.ocr.TextBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Convex hull (monotone chain) and the minimum-area enclosing rectangle (one side of it lies on a
 * hull edge, so each edge direction is tried). A rectangle is {@code {cx, cy, width, height, angle}},
 * the angle in radians in (-π/4, π/4], width along it.
 */
public final class MinAreaRect {

    private MinAreaRect() {}

    static double[][] convexHull(List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        int n = sorted.size();
        if (n < 3) {
            return sorted.toArray(double[][]::new);
        }
        double[][] hull = new double[2 * n][];
        int k = 0;
        for (double[] p : sorted) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) {
                k--;
            }
            hull[k++] = p;
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--) {
            double[] p = sorted.get(i);
            while (k >= lower && cross(hull[k - 2], hull[k - 1], p) <= 0) {
                k--;
            }
            hull[k++] = p;
        }
        double[][] result = new double[k - 1][];
        System.arraycopy(hull, 0, result, 0, k - 1);
        return result;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }

    /** The smallest rectangle holding the hull; null for fewer than three points. */
    static double[] of(double[][] hull) {
        if (hull.length < 3) {
            return null;
        }
        double best = Double.MAX_VALUE;
        double[] rect = null;
        for (int i = 0; i < hull.length; i++) {
            double[] a = hull[i];
            double[] b = hull[(i + 1) % hull.length];
            double angle = Math.atan2(b[1] - a[1], b[0] - a[0]);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double minU = Double.MAX_VALUE;
            double maxU = -Double.MAX_VALUE;
            double minV = Double.MAX_VALUE;
            double maxV = -Double.MAX_VALUE;
            for (double[] p : hull) {
                double u = p[0] * cos + p[1] * sin;
                double v = -p[0] * sin + p[1] * cos;
                minU = Math.min(minU, u);
                maxU = Math.max(maxU, u);
                minV = Math.min(minV, v);
                maxV = Math.max(maxV, v);
            }
            double area = (maxU - minU) * (maxV - minV);
            if (area < best) {
                best = area;
                double cu = (minU + maxU) / 2;
                double cv = (minV + maxV) / 2;
                rect = normalise(cu * cos - cv * sin, cu * sin + cv * cos, maxU - minU, maxV - minV, angle);
            }
        }
        return rect;
    }

    /** The same rectangle described with its angle in (-π/4, π/4]. */
    private static double[] normalise(double cx, double cy, double w, double h, double angle) {
        while (angle > Math.PI / 4) {
            angle -= Math.PI / 2;
            double t = w;
            w = h;
            h = t;
        }
        while (angle <= -Math.PI / 4) {
            angle += Math.PI / 2;
            double t = w;
            w = h;
            h = t;
        }
        return new double[] {cx, cy, w, h, angle};
    }

    /** Corners clockwise from the top left (y grows downwards). */
    static TextBox corners(double[] rect, float score) {
        double cos = Math.cos(rect[4]);
        double sin = Math.sin(rect[4]);
        double hw = rect[2] / 2;
        double hh = rect[3] / 2;
        double[][] signs = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        float[] xs = new float[4];
        float[] ys = new float[4];
        for (int i = 0; i < 4; i++) {
            double u = signs[i][0] * hw;
            double v = signs[i][1] * hh;
            xs[i] = (float) (rect[0] + u * cos - v * sin);
            ys[i] = (float) (rect[1] + u * sin + v * cos);
        }
        return new TextBox(xs, ys, score);
    }
}
