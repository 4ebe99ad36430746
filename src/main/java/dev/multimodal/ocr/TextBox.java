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

    /** Corners as [[x, y], ...], rounded to whole pixels, for a response. */
    public int[][] points() {
        int[][] points = new int[4][];
        for (int i = 0; i < 4; i++) {
            points[i] = new int[]{Math.round(xs[i]), Math.round(ys[i])};
        }
        return points;
    }

    private float distance(int a, int b) {
        return (float) Math.hypot(xs[a] - xs[b], ys[a] - ys[b]);
    }
}
