package dev.multimodal.ocr.detection;

import dev.multimodal.ocr.TextBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins the pieces of one line that the detector found apart and grew into each other. DB parts a
 * line of large type at its word gaps (a 64 px headline's gaps are wider than its shrunk regions
 * are tall), then grows each piece by the unclip distance, which is about as wide as such a gap:
 * each piece's box reaches into its neighbour's first or last letter. Read apart, the sliver of
 * the neighbour comes back as a character ("MARKETS" + "5 TODAY", the foot of an L read as "." in
 * ". GENERAL MEETING") or as ink that closes the gap the space was read from ("BEFORETHE"). Read
 * as one strip the recogniser sees the whole line, and reads its spaces itself.
 *
 * <p>Two boxes are pieces of one row when both lie level, they overlap across (the growth met), they
 * overlap in height by at least {@link #ROW_OVERLAP} of the lower one, and their union is at most
 * {@link #UNION_GROWTH} times as tall as the taller piece and wider than tall: lines above and below
 * overlap in height by far less, and stacked columns of vertical text make a union taller than wide.
 * A fragment found inside a piece's box (part of a letter) is taken into it, the box unchanged.
 * Slanted boxes are kept as found: their union would not be a level strip.
 */
public final class RowPieces {

    /** Share of the lower box's height that two pieces of one row have in common at least. */
    public static final double ROW_OVERLAP = 0.6;
    /** The union is at most this many times as tall as the taller piece: a row's pieces stand level. */
    public static final double UNION_GROWTH = 1.3;
    /** A box lies level when its top edge climbs at most this much per pixel across. */
    public static final double LEVEL_SLOPE = 0.03;
    /** Passes over a page's boxes at most: a pass after the first only joins rows that a bridging piece brought together. */
    static final int MAX_PASSES = 4;

    private RowPieces() {}

    /** The boxes with the overlapping pieces of each row joined; other boxes as they came. */
    public static List<TextBox> join(List<TextBox> boxes) {
        List<TextBox> level = new ArrayList<>(boxes.size());
        List<TextBox> joined = new ArrayList<>(boxes.size());
        for (TextBox box : boxes) {
            (level(box) ? level : joined).add(box);
        }
        if (level.size() < 2) {
            return boxes;
        }
        // a piece that bridges two rows' pieces joins the first; the next pass joins the two. A pass
        // is quadratic at worst (1,000 boxes a page at most), so a crafted page gets a few, not one per box
        List<TextBox> rows = level;
        int before;
        int passes = 0;
        do {
            before = rows.size();
            rows = once(rows);
        } while (rows.size() < before && rows.size() > 1 && ++passes < MAX_PASSES);
        joined.addAll(rows);
        return joined.size() == boxes.size() ? boxes : joined;
    }

    private static List<TextBox> once(List<TextBox> level) {
        level.sort(Comparator.comparingDouble(TextBox::left));
        List<TextBox> rows = new ArrayList<>(level.size());
        for (TextBox box : level) {
            int into = -1;
            for (int r = 0; r < rows.size() && into < 0; r++) {
                if (pieces(rows.get(r), box)) {
                    into = r;
                }
            }
            if (into < 0) {
                rows.add(box);
            } else {
                rows.set(into, union(rows.get(into), box));
            }
        }
        return rows;
    }

    /** Whether {@code next}, which starts no further left than {@code row}, is a piece of it. */
    static boolean pieces(TextBox row, TextBox next) {
        if (next.left() >= right(row)) {
            return false;
        }
        double lower = Math.min(next.bottom() - next.top(), row.bottom() - row.top());
        double taller = Math.max(next.bottom() - next.top(), row.bottom() - row.top());
        double common = Math.min(next.bottom(), row.bottom()) - Math.max(next.top(), row.top());
        double top = Math.min(next.top(), row.top());
        double bottom = Math.max(next.bottom(), row.bottom());
        double width = Math.max(right(next), right(row)) - Math.min(next.left(), row.left());
        return common >= ROW_OVERLAP * lower && bottom - top <= UNION_GROWTH * taller && width > bottom - top;
    }

    private static boolean level(TextBox box) {
        float[] xs = box.xs();
        float[] ys = box.ys();
        double across = Math.abs(xs[1] - xs[0]);
        return across > 0 && Math.abs(ys[1] - ys[0]) <= LEVEL_SLOPE * across;
    }

    private static TextBox union(TextBox a, TextBox b) {
        float left = Math.min(a.left(), b.left());
        float right = Math.max(right(a), right(b));
        float top = Math.min(a.top(), b.top());
        float bottom = Math.max(a.bottom(), b.bottom());
        return new TextBox(
                new float[] {left, right, right, left},
                new float[] {top, top, bottom, bottom},
                Math.max(a.score(), b.score()));
    }

    private static float right(TextBox box) {
        float[] xs = box.xs();
        return Math.max(Math.max(xs[0], xs[1]), Math.max(xs[2], xs[3]));
    }
}
