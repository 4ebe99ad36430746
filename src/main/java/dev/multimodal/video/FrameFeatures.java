package dev.multimodal.video;

/**
 * What the shot detector compares of a frame: its colour histogram (16 bins per channel) and its
 * luma on a 32 × 18 grid, both from a {@link #WIDTH} × {@link #HEIGHT} thumbnail that FFmpeg averaged
 * down by area. Averaging first is what keeps noise and compression grain from looking like change.
 */
record FrameFeatures(float[] histogram, float[] luma) {

    static final int WIDTH = 64;
    static final int HEIGHT = 36;
    private static final int BINS = 16;
    private static final int GRID_W = 32;
    private static final int GRID_H = 18;

    /** From a thumbnail, RGB24 row by row. */
    static FrameFeatures of(byte[] rgb) {
        if (rgb.length != WIDTH * HEIGHT * 3) {
            throw new IllegalArgumentException("a thumbnail is " + WIDTH + "x" + HEIGHT + " RGB, not " + rgb.length);
        }
        float[] histogram = new float[3 * BINS];
        float[] luma = new float[GRID_W * GRID_H];
        int pixels = WIDTH * HEIGHT;
        float share = 1f / pixels;
        int cell = (WIDTH / GRID_W) * (HEIGHT / GRID_H);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int at = (y * WIDTH + x) * 3;
                int r = rgb[at] & 0xff;
                int g = rgb[at + 1] & 0xff;
                int b = rgb[at + 2] & 0xff;
                histogram[r * BINS / 256] += share;
                histogram[BINS + g * BINS / 256] += share;
                histogram[2 * BINS + b * BINS / 256] += share;
                // BT.601 luma, as FFmpeg's own scene score reads it
                luma[(y * GRID_H / HEIGHT) * GRID_W + x * GRID_W / WIDTH] +=
                        (0.299f * r + 0.587f * g + 0.114f * b) / cell;
            }
        }
        return new FrameFeatures(histogram, luma);
    }

    /** Half the L1 distance of the histograms, averaged over the channels: 0 (same colours) to 1. */
    double histogramDistance(FrameFeatures other) {
        double sum = 0;
        for (int i = 0; i < histogram.length; i++) {
            sum += Math.abs(histogram[i] - other.histogram[i]);
        }
        return sum / 2 / 3;
    }

    /** The mean absolute luma difference over the grid, 0 to 1. */
    double lumaDistance(FrameFeatures other) {
        double sum = 0;
        for (int i = 0; i < luma.length; i++) {
            sum += Math.abs(luma[i] - other.luma[i]);
        }
        return sum / luma.length / 255;
    }
}
