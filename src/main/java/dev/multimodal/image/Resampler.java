package dev.multimodal.image;

import java.util.Arrays;

/**
 * Separable resampling of interleaved 8-bit pixels, the way Pillow does it: each output pixel is
 * a normalised weighted sum over the input pixels under the filter, the filter stretched by the
 * scale when shrinking (antialiasing), rounded to 8 bits after each pass.
 */
public final class Resampler {

    private Resampler() {}

    /** Interleaved {@code channels}-byte pixels, {@code w}×{@code h} → {@code outW}×{@code outH}. */
    public static byte[] resize(byte[] src, int w, int h, int channels, int outW, int outH, boolean bicubic) {
        byte[] horizontal = outW == w ? src : pass(src, w, h, channels, outW, bicubic, true);
        return outH == h ? horizontal : pass(horizontal, outW, h, channels, outH, bicubic, false);
    }

    private static byte[] pass(byte[] src, int w, int h, int channels, int out, boolean bicubic, boolean alongX) {
        int in = alongX ? w : h;
        double scale = (double) in / out;
        double filterScale = Math.max(scale, 1.0);
        double support = (bicubic ? 2.0 : 1.0) * filterScale;
        int[] first = new int[out];
        double[][] weights = new double[out][];
        for (int o = 0; o < out; o++) {
            double center = (o + 0.5) * scale;
            int min = Math.max(0, (int) (center - support + 0.5));
            int max = Math.min(in, (int) (center + support + 0.5));
            double[] k = new double[Math.max(0, max - min)];
            double sum = 0;
            for (int i = 0; i < k.length; i++) {
                k[i] = filter((i + min - center + 0.5) / filterScale, bicubic);
                sum += k[i];
            }
            if (sum != 0) {
                for (int i = 0; i < k.length; i++) {
                    k[i] /= sum;
                }
            }
            first[o] = min;
            weights[o] = k;
        }
        return alongX
                ? passX(src, w, h, channels, out, first, weights)
                : passY(src, w, h, channels, out, first, weights);
    }

    /** Along rows: each output pixel sums its taps, channel by channel, taps in order. */
    private static byte[] passX(byte[] src, int w, int h, int channels, int outW, int[] first, double[][] weights) {
        byte[] dst = new byte[outW * h * channels];
        double[] acc = new double[channels];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int outRow = y * outW;
            for (int x = 0; x < outW; x++) {
                double[] k = weights[x];
                Arrays.fill(acc, 0);
                int at = (row + first[x]) * channels;
                for (double weight : k) {
                    for (int c = 0; c < channels; c++) {
                        acc[c] += (src[at + c] & 0xFF) * weight;
                    }
                    at += channels;
                }
                int to = (outRow + x) * channels;
                for (int c = 0; c < channels; c++) {
                    dst[to + c] = clamp(acc[c]);
                }
            }
        }
        return dst;
    }

    /** Along columns: a whole output row at a time, adding each tap's source row, so memory is read in order. */
    private static byte[] passY(byte[] src, int w, int h, int channels, int outH, int[] first, double[][] weights) {
        int rowLength = w * channels;
        byte[] dst = new byte[outH * rowLength];
        double[] acc = new double[rowLength];
        for (int y = 0; y < outH; y++) {
            Arrays.fill(acc, 0);
            double[] k = weights[y];
            for (int i = 0; i < k.length; i++) {
                double weight = k[i];
                int from = (first[y] + i) * rowLength;
                for (int j = 0; j < rowLength; j++) {
                    acc[j] += (src[from + j] & 0xFF) * weight;
                }
            }
            int to = y * rowLength;
            for (int j = 0; j < rowLength; j++) {
                dst[to + j] = clamp(acc[j]);
            }
        }
        return dst;
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }

    private static double filter(double x, boolean bicubic) {
        x = Math.abs(x);
        if (!bicubic) {
            return x < 1 ? 1 - x : 0;
        }
        double a = -0.5;
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }
}
