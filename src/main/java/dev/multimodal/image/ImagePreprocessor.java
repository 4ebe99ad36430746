package dev.multimodal.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * {@link DecodedImage} → model input, as {@link ImagePreprocessing} says. Works on the raster's
 * backing bytes and writes floats straight into a (direct) {@link FloatBuffer}: no per-pixel
 * {@code getRGB}, no intermediate float image.
 */
public final class ImagePreprocessor {

    /** A model input of one image: {@code [1, C, H, W]} or {@code [1, H, W, C]}. */
    public record ImageTensor(FloatBuffer data, long[] shape) {}

    private final ImagePreprocessing spec;

    public ImagePreprocessor(ImagePreprocessing spec) {
        this.spec = spec;
    }

    /** Height and width after resize, crop and padding, for an image of {@code w}×{@code h}. */
    public int[] outputSize(int w, int h) {
        int[] resized = resized(w, h);
        int outW = spec.cropWidth() > 0 ? spec.cropWidth() : resized[0];
        int outH = spec.cropHeight() > 0 ? spec.cropHeight() : resized[1];
        int m = spec.padMultiple();
        if (m > 1) {
            outW = (outW + m - 1) / m * m;
            outH = (outH + m - 1) / m * m;
        }
        return new int[] {outH, outW};
    }

    public ImageTensor apply(DecodedImage image) {
        int[] hw = outputSize(image.width(), image.height());
        // image stays free of ONNX Runtime (and so of runtime.DirectBuffers): a direct buffer in native order
        FloatBuffer buffer = ByteBuffer.allocateDirect(3 * hw[0] * hw[1] * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        write(image, buffer);
        buffer.flip();
        long[] shape = spec.layout() == ImagePreprocessing.Layout.NCHW
                ? new long[] {1, 3, hw[0], hw[1]}
                : new long[] {1, hw[0], hw[1], 3};
        return new ImageTensor(buffer, shape);
    }

    /** Writes the image's 3 × H × W floats at {@code dst}'s position (a batch buffer's next slot). */
    public void write(DecodedImage image, FloatBuffer dst) {
        int w = image.width();
        int h = image.height();
        int[] size = resized(w, h);
        byte[] bgr = image.bgr();
        if (size[0] != w || size[1] != h) {
            bgr = Resampler.resize(
                    bgr, w, h, 3, size[0], size[1], spec.interpolation().equals("bicubic"));
            w = size[0];
            h = size[1];
        }
        int[] hw = outputSize(image.width(), image.height());
        int outH = hw[0];
        int outW = hw[1];
        int cropW = spec.cropWidth() > 0 ? spec.cropWidth() : w;
        int cropH = spec.cropHeight() > 0 ? spec.cropHeight() : h;
        int left = (int) Math.rint((w - cropW) / 2.0); // half to even, as torchvision's round()
        int top = (int) Math.rint((h - cropH) / 2.0);

        // per output channel: which BGR byte it reads, and its affine map from 0-255
        int[] source = new int[3];
        float[] scale = new float[3];
        float[] offset = new float[3];
        boolean rgb = spec.channelOrder().equals("RGB");
        for (int c = 0; c < 3; c++) {
            int rgbIndex = rgb ? c : 2 - c;
            source[c] = 2 - rgbIndex;
            scale[c] = spec.rescale() / spec.std()[rgbIndex];
            offset[c] = -spec.mean()[rgbIndex] / spec.std()[rgbIndex];
        }
        float pad = spec.padValue();
        int base = dst.position();
        boolean planar = spec.layout() == ImagePreprocessing.Layout.NCHW;
        int plane = outH * outW;
        for (int y = 0; y < outH; y++) {
            int sy = y + top;
            boolean inRow = y < cropH && sy >= 0 && sy < h;
            for (int x = 0; x < outW; x++) {
                int sx = x + left;
                boolean inside = inRow && x < cropW && sx >= 0 && sx < w;
                int pixel = (sy * w + sx) * 3;
                for (int c = 0; c < 3; c++) {
                    float value = inside ? (bgr[pixel + source[c]] & 0xFF) : pad;
                    int at = planar ? base + c * plane + y * outW + x : base + (y * outW + x) * 3 + c;
                    dst.put(at, value * scale[c] + offset[c]);
                }
            }
        }
        dst.position(base + 3 * plane);
    }

    private int[] resized(int w, int h) {
        return switch (spec.resize()) {
            case SHORTEST ->
                w <= h
                        ? new int[] {spec.size(), Math.max(1, (int) ((long) spec.size() * h / w))}
                        : new int[] {Math.max(1, (int) ((long) spec.size() * w / h)), spec.size()};
            case LONGEST ->
                w >= h
                        ? new int[] {spec.size(), Math.max(1, (int) ((long) spec.size() * h / w))}
                        : new int[] {Math.max(1, (int) ((long) spec.size() * w / h)), spec.size()};
            case EXACT -> new int[] {spec.width(), spec.height()};
            case NONE -> new int[] {w, h};
        };
    }
}
