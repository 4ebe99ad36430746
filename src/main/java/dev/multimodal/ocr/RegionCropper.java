package dev.multimodal.ocr;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.image.Resampler;
import dev.multimodal.runtime.DirectBuffers;
import java.nio.FloatBuffer;

/**
 * Cuts a text region out of a page and makes it an upright, horizontal strip: the rotated
 * rectangle is sampled along its own axes (bilinear), so a slanted line comes out straight; a strip
 * at least 1.5 times taller than wide is turned a quarter, as PaddleOCR does.
 */
public final class RegionCropper {

    /** A pixel is ink when it stands out from the paper by this share of the strip's strongest contrast. */
    public static final float INK_CONTRAST = 0.4f;

    /** A small BGR image, row by row. */
    public record Crop(byte[] bgr, int width, int height) {}

    private RegionCropper() {}

    public static Crop crop(DecodedImage image, TextBox box) {
        int outW = Math.max(1, Math.round(box.width()));
        int outH = Math.max(1, Math.round(box.height()));
        float[] xs = box.xs();
        float[] ys = box.ys();
        float ux = (xs[1] - xs[0]) / outW;
        float uy = (ys[1] - ys[0]) / outW;
        float vx = (xs[3] - xs[0]) / outH;
        float vy = (ys[3] - ys[0]) / outH;
        byte[] src = image.bgr();
        int w = image.width();
        int h = image.height();
        byte[] out = new byte[outW * outH * 3];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                float sx = xs[0] + (x + 0.5f) * ux + (y + 0.5f) * vx - 0.5f;
                float sy = ys[0] + (x + 0.5f) * uy + (y + 0.5f) * vy - 0.5f;
                sample(src, w, h, sx, sy, out, (y * outW + x) * 3);
            }
        }
        Crop crop = new Crop(out, outW, outH);
        return outH >= 1.5f * outW ? rotateQuarter(crop) : crop;
    }

    /**
     * Where the ink of a horizontal strip starts and ends, as shares of its width ({@code {0, 1}}
     * when it has none): the first and last columns holding at least two pixels that stand out
     * from the paper (the strip's median brightness) by at least {@link #INK_CONTRAST} of the
     * strip's strongest contrast, and by no less than 48 levels (so that JPEG noise and grain are
     * not ink). Dark on light and light on dark alike.
     */
    public static float[] inkSpan(Crop crop) {
        int w = crop.width();
        int h = crop.height();
        byte[] bgr = crop.bgr();
        int[] luma = new int[w * h];
        int[] histogram = new int[256];
        for (int i = 0; i < luma.length; i++) {
            int v = ((bgr[i * 3] & 0xFF) * 29 + (bgr[i * 3 + 1] & 0xFF) * 150 + (bgr[i * 3 + 2] & 0xFF) * 77) >> 8;
            luma[i] = v;
            histogram[v]++;
        }
        int paper = 0;
        for (int seen = 0; paper < 255 && (seen += histogram[paper]) < luma.length / 2; paper++) {}
        int strongest = 0;
        for (int v : luma) {
            strongest = Math.max(strongest, Math.abs(v - paper));
        }
        int threshold = Math.max(48, Math.round(INK_CONTRAST * strongest));
        int from = -1;
        int to = -1;
        for (int x = 0; x < w; x++) {
            int count = 0;
            for (int y = 0; y < h && count < 2; y++) {
                if (Math.abs(luma[y * w + x] - paper) >= threshold) {
                    count++;
                }
            }
            if (count >= 2) {
                if (from < 0) {
                    from = x;
                }
                to = x + 1;
            }
        }
        return from < 0 ? new float[] {0f, 1f} : new float[] {from / (float) w, to / (float) w};
    }

    /** Bilinear, with the border repeated outside the image. */
    private static void sample(byte[] src, int w, int h, float sx, float sy, byte[] dst, int at) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        float fx = sx - x0;
        float fy = sy - y0;
        int xa = clamp(x0, w);
        int xb = clamp(x0 + 1, w);
        int ya = clamp(y0, h);
        int yb = clamp(y0 + 1, h);
        for (int c = 0; c < 3; c++) {
            float top = (src[(ya * w + xa) * 3 + c] & 0xFF) * (1 - fx) + (src[(ya * w + xb) * 3 + c] & 0xFF) * fx;
            float bottom = (src[(yb * w + xa) * 3 + c] & 0xFF) * (1 - fx) + (src[(yb * w + xb) * 3 + c] & 0xFF) * fx;
            dst[at + c] = (byte) Math.round(top * (1 - fy) + bottom * fy);
        }
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(v, size - 1);
    }

    /** Turned a quarter counter-clockwise: the right edge becomes the top. */
    public static Crop rotateQuarter(Crop crop) {
        int w = crop.width();
        int h = crop.height();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx = y;
                int ny = w - 1 - x;
                System.arraycopy(crop.bgr(), (y * w + x) * 3, out, (ny * h + nx) * 3, 3);
            }
        }
        return new Crop(out, h, w);
    }

    /** Columns {@code [from, to)} of a crop. */
    public static Crop slice(Crop crop, int from, int to) {
        int w = to - from;
        byte[] out = new byte[w * crop.height() * 3];
        for (int y = 0; y < crop.height(); y++) {
            System.arraycopy(crop.bgr(), (y * crop.width() + from) * 3, out, y * w * 3, w * 3);
        }
        return new Crop(out, w, crop.height());
    }

    public static Crop rotateHalf(Crop crop) {
        int pixels = crop.width() * crop.height();
        byte[] out = new byte[pixels * 3];
        for (int i = 0; i < pixels; i++) {
            System.arraycopy(crop.bgr(), i * 3, out, (pixels - 1 - i) * 3, 3);
        }
        return new Crop(out, crop.width(), crop.height());
    }

    /**
     * A strip as a {@code [1, 3, height, width]} tensor in BGR order, scaled to (x/255 − 0.5)/0.5:
     * resized to {@code height} keeping its aspect up to {@code maxWidth}, then, when
     * {@code padTo} is larger, zero-padded on the right to it.
     */
    public static ImageTensor tensor(Crop crop, int height, int maxWidth, int padTo) {
        return resized(crop, height, width(crop, height, maxWidth), padTo);
    }

    /** The width a crop takes at {@code height}, keeping its aspect, at most {@code maxWidth}. */
    public static int width(Crop crop, int height, int maxWidth) {
        return (int) Math.min(maxWidth, Math.max(1, Math.ceil(height * (double) crop.width() / crop.height())));
    }

    /** The crop resized to {@code width × height}, then zero-padded on the right to {@code padTo}. */
    public static ImageTensor resized(Crop crop, int height, int width, int padTo) {
        byte[] pixels = Resampler.resize(crop.bgr(), crop.width(), crop.height(), 3, width, height, false);
        int outW = Math.max(width, padTo);
        int plane = height * outW;
        FloatBuffer data = DirectBuffers.floats(3 * plane);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * 3;
                for (int c = 0; c < 3; c++) {
                    data.put(c * plane + y * outW + x, (pixels[p + c] & 0xFF) / 127.5f - 1f);
                }
            }
        }
        data.limit(3 * plane);
        return new ImageTensor(data, new long[] {1, 3, height, outW});
    }
}
