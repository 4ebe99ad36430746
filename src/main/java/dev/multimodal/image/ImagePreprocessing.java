package dev.multimodal.image;

import dev.multimodal.api.Labelled;
import dev.multimodal.api.Labels;
import java.util.Locale;

/**
 * How a model wants its pixels, as its manifest declares them: resize, centre crop, pad, then
 * rescale, mean and std per channel, in a channel order and a layout.
 *
 * @param resize        {@code none}, {@code shortest} (shortest side to {@code size}, aspect kept),
 *                      {@code longest} (longest side to {@code size}) or {@code exact}
 *                      ({@code width} × {@code height})
 * @param interpolation {@code bilinear} or {@code bicubic}, with antialiasing when shrinking (as
 *                      Pillow resamples, which CLIP-family preprocessing uses)
 * @param cropWidth     centre crop, 0 for none
 * @param padMultiple   pad right and bottom with {@code padValue} to a multiple of this; 0 or 1 for none
 * @param rescale       applied to 0–255 values first, e.g. 1/255
 * @param mean          per channel, in RGB order, after rescale
 * @param std           per channel, in RGB order
 * @param channelOrder  {@code RGB} or {@code BGR}
 * @param layout        {@code NCHW} or {@code NHWC}
 */
public record ImagePreprocessing(
        Resize resize,
        int size,
        int width,
        int height,
        String interpolation,
        int cropWidth,
        int cropHeight,
        int padMultiple,
        int padValue,
        float rescale,
        float[] mean,
        float[] std,
        String channelOrder,
        Layout layout) {

    /** How the image is scaled before the crop. */
    public enum Resize implements Labelled {
        NONE,
        SHORTEST,
        LONGEST,
        EXACT;

        @Override
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** As a manifest writes it ({@code shortest}, ...); null is {@code none}. */
        public static Resize parse(String value) {
            if (value == null) {
                return NONE;
            }
            Resize found = Labels.findIgnoringCase(Resize.class, value);
            if (found != null) {
                return found;
            }
            throw new IllegalArgumentException(
                    "preprocessing.resize must be none, shortest, longest or exact, not '" + value + "'");
        }
    }

    /** Where the channel axis goes in the tensor. */
    public enum Layout implements Labelled {
        NCHW,
        NHWC;

        @Override
        public String label() {
            return name();
        }

        /** As a manifest writes it; null is {@code NCHW}. */
        public static Layout parse(String value) {
            if (value == null) {
                return NCHW;
            }
            Layout found = Labels.findIgnoringCase(Layout.class, value);
            if (found != null) {
                return found;
            }
            throw new IllegalArgumentException("preprocessing.layout must be NCHW or NHWC, not '" + value + "'");
        }
    }

    public ImagePreprocessing {
        resize = resize == null ? Resize.NONE : resize;
        interpolation = lower(interpolation, "bilinear");
        channelOrder = channelOrder == null ? "RGB" : channelOrder.toUpperCase(Locale.ROOT);
        layout = layout == null ? Layout.NCHW : layout;
        mean = mean == null ? new float[] {0, 0, 0} : mean;
        std = std == null ? new float[] {1, 1, 1} : std;
        require(
                switch (resize) {
                    case NONE -> true;
                    case SHORTEST, LONGEST -> size > 0;
                    case EXACT -> width > 0 && height > 0;
                },
                "resize",
                "must be none, shortest or longest (with size > 0) or exact (with width and height > 0)");
        require(
                interpolation.equals("bilinear") || interpolation.equals("bicubic"),
                "interpolation",
                "must be bilinear or bicubic");
        require(
                cropWidth >= 0 && cropHeight >= 0 && (cropWidth == 0) == (cropHeight == 0),
                "crop",
                "needs both cropWidth and cropHeight, or neither");
        require(padMultiple >= 0 && padValue >= 0 && padValue <= 255, "pad", "padMultiple >= 0, padValue 0-255");
        require(rescale > 0, "rescale", "must be positive");
        require(mean.length == 3 && std.length == 3, "mean/std", "need three values, in RGB order");
        for (float s : std) {
            require(s > 0, "std", "values must be positive");
        }
        require(channelOrder.equals("RGB") || channelOrder.equals("BGR"), "channelOrder", "must be RGB or BGR");
    }

    /** CLIP ViT-B/32: shortest side to 224 bicubic, centre crop 224, CLIP's mean and std, NCHW RGB. */
    public static ImagePreprocessing clip(int size) {
        return new ImagePreprocessing(
                Resize.SHORTEST,
                size,
                0,
                0,
                "bicubic",
                size,
                size,
                0,
                0,
                1f / 255,
                new float[] {0.48145466f, 0.4578275f, 0.40821073f},
                new float[] {0.26862954f, 0.26130258f, 0.27577711f},
                "RGB",
                Layout.NCHW);
    }

    private static String lower(String value, String fallback) {
        return value == null ? fallback : value.toLowerCase(Locale.ROOT);
    }

    private static void require(boolean ok, String field, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("preprocessing." + field + " " + rule);
        }
    }
}
