package dev.multimodal.image;

/**
 * What an incoming image may be. Sizes are checked from the file's header, before its raster is
 * decoded, so a decompression bomb costs a header read.
 *
 * @param maxBytes  encoded size at most (413 past it)
 * @param maxPixels width × height at most (413 past it)
 * @param minSide   shortest side at least (400 below it)
 */
public record ImageLimits(long maxBytes, long maxPixels, int minSide) {

    public ImageLimits {
        if (maxBytes < 1 || maxPixels < 1 || minSide < 1) {
            throw new IllegalArgumentException(
                    "image limits must be positive: " + maxBytes + ", " + maxPixels + ", " + minSide);
        }
    }

    /** 20 MB, 40 megapixels, 8 pixels. */
    public static ImageLimits defaults() {
        return new ImageLimits(20L * 1024 * 1024, 40_000_000L, 8);
    }
}
