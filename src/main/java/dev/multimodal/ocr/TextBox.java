package dev.multimodal.ocr;

/**
 * A text region as a rotated rectangle: four corners, clockwise from the top left, in pixels of the
 * image the region was found in.
 */
public record TextBox(float[] xs, float[] ys, float score) {

    public float width() {
        return Math.max(distance(0, 1), distance(3, 2));
    }

    public float height() {
        return Math.max(distance(0, 3), distance(1, 2));
    }

    public float top() {
        return Math.min(Math.min(ys[0], ys[1]), Math.min(ys[2], ys[3]));
    }

    public float bottom() {
        return Math.max(Math.max(ys[0], ys[1]), Math.max(ys[2], ys[3]));
    }

    public float left() {
        return Math.min(Math.min(xs[0], xs[1]), Math.min(xs[2], xs[3]));
    }

    /**
     * The box cut down along its own width to the share {@code [from, to]} of it (0 its left edge,
     * 1 its right edge), its height kept.
     */
    public TextBox narrowed(float from, float to) {
        float[] x = new float[4];
        float[] y = new float[4];
        // top edge 0 → 1, bottom edge 3 → 2
        x[0] = xs[0] + from * (xs[1] - xs[0]);
        y[0] = ys[0] + from * (ys[1] - ys[0]);
        x[1] = xs[0] + to * (xs[1] - xs[0]);
        y[1] = ys[0] + to * (ys[1] - ys[0]);
        x[2] = xs[3] + to * (xs[2] - xs[3]);
        y[2] = ys[3] + to * (ys[2] - ys[3]);
        x[3] = xs[3] + from * (xs[2] - xs[3]);
        y[3] = ys[3] + from * (ys[2] - ys[3]);
        return new TextBox(x, y, score);
    }

    /** Corners as [[x, y], ...], rounded to whole pixels, for a response. */
    public int[][] points() {
        int[][] points = new int[4][];
        for (int i = 0; i < 4; i++) {
            points[i] = new int[] {Math.round(xs[i]), Math.round(ys[i])};
        }
        return points;
    }

    private float distance(int a, int b) {
        return (float) Math.hypot(xs[a] - xs[b], ys[a] - ys[b]);
    }
}
