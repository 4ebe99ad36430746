package dev.multimodal.image;

/**
 * Separable resampling of interleaved 8-bit pixels, the way Pillow does it: each output pixel is
 * a normalised weighted sum over the input pixels under the filter, the filter stretched by the
 * scale when shrinking (antialiasing), rounded to 8 bits after each pass.
 */
public final class Resampler {

    private Resampler() {
    }

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
        int outW = alongX ? out : w;
        int outH = alongX ? h : out;
        byte[] dst = new byte[outW * outH * channels];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = alongX ? x : y;
                double[] k = weights[o];
                for (int c = 0; c < channels; c++) {
                    double acc = 0;
                    for (int i = 0; i < k.length; i++) {
                        int sx = alongX ? first[o] + i : x;
                        int sy = alongX ? y : first[o] + i;
                        acc += (src[(sy * w + sx) * channels + c] & 0xFF) * k[i];
                    }
                    dst[(y * outW + x) * channels + c] = (byte) Math.max(0, Math.min(255, Math.round(acc)));
                }
            }
        }
        return dst;
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
