package dev.multimodal.ocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reading order by recursive XY-cut over the line boxes. A set of lines is cut at a vertical
 * gutter when one runs through all of it (at least 1.5 line heights wide, with at least two lines
 * on each side whose sides overlap in height, and mostly lines of prose on both sides, so that a
 * table's columns stay rows); otherwise at its widest horizontal gap when that gap is clearly wider
 * than the usual space between lines (a paragraph or section break); otherwise it is one block, read
 * row by row from the top, each row from the left. Columns are read one after the other, left to
 * right; the pieces of a horizontal cut from the top down.
 *
 * <p>The pieces of one row are joined with a space when the gap between their ink (not between
 * their boxes: the detector widens each box by about a third of its height on either side, so the
 * boxes of two words a space apart overlap) is at least {@link #SPACE_GAP} of the row's height; a
 * word found as two touching or overlapping pieces is joined without one. Level pieces whose boxes
 * overlap reach here already joined (the detector's {@code RowPieces}); slanted ones, and pieces
 * whose boxes only come close, are joined here.
 */
public final class ReadingOrder {

    /**
     * A space is read between two pieces of a row when their ink stands this share of the row's
     * height apart: a space is 0.29 (DejaVu Sans Condensed) to 0.6 (monospaced) of the font size and a
     * box 1.0 to 1.6 times the font size high, while the letters of a word stand 0.05 to 0.1 of the
     * font size apart.
     */
    public static final double SPACE_GAP = 0.12;

    /**
     * A line's geometry: the centre and height of its rotated box, its extent across, and the extent
     * of its ink across.
     */
    private record Item(
            int line, double cx, double cy, double height, double left, double right, double inkLeft, double inkRight) {
        double top() {
            return cy - height / 2;
        }

        double bottom() {
            return cy + height / 2;
        }

        double width() {
            return right - left;
        }
    }

    private ReadingOrder() {}

    /** The lines, each with its box, in reading order and numbered; the text joined by rows and blocks. */
    public static OcrResult arrange(List<OcrLine> lines, List<TextBox> boxes) {
        return arrange(lines, boxes, boxes);
    }

    /**
     * As {@link #arrange(List, List)}, with each line's ink: its box narrowed to where its ink starts
     * and ends, which decides whether two pieces of a row are parted by a space.
     */
    public static OcrResult arrange(List<OcrLine> lines, List<TextBox> boxes, List<TextBox> inks) {
        if (lines.isEmpty()) {
            return OcrResult.EMPTY;
        }
        List<Item> items = new ArrayList<>(lines.size());
        double[] heights = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            TextBox box = boxes.get(i);
            float[] xs = box.xs();
            float[] ys = box.ys();
            double cx = (xs[0] + xs[1] + xs[2] + xs[3]) / 4;
            double cy = (ys[0] + ys[1] + ys[2] + ys[3]) / 4;
            double h = Math.min(box.height(), box.width());
            heights[i] = h;
            TextBox ink = inks.get(i);
            items.add(new Item(i, cx, cy, h, box.left(), right(box), ink.left(), right(ink)));
        }
        double[] sorted = heights.clone();
        Arrays.sort(sorted);
        double lineHeight = Math.max(1, sorted[sorted.length / 2]);
        List<List<List<Item>>> blocks = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        cut(items, lineHeight, 0, blocks, columns);

        List<OcrLine> arranged = new ArrayList<>(lines.size());
        StringBuilder text = new StringBuilder();
        for (int b = 0; b < blocks.size(); b++) {
            if (b > 0) {
                text.append("\n\n");
            }
            List<List<Item>> rows = blocks.get(b);
            for (int r = 0; r < rows.size(); r++) {
                if (r > 0) {
                    text.append('\n');
                }
                List<Item> row = rows.get(r);
                for (int k = 0; k < row.size(); k++) {
                    OcrLine line = lines.get(row.get(k).line());
                    if (k > 0 && spaced(row.get(k - 1), row.get(k))) {
                        text.append(' ');
                    }
                    text.append(line.text());
                    arranged.add(line.placed(b, columns.get(b), arranged.size()));
                }
            }
        }
        return new OcrResult(List.copyOf(arranged), text.toString());
    }

    /** Whether two neighbours of a row, left then right, stand a space apart. */
    private static boolean spaced(Item left, Item right) {
        return right.inkLeft() - left.inkRight() >= SPACE_GAP * Math.max(left.height(), right.height());
    }

    private static float right(TextBox box) {
        float[] xs = box.xs();
        return Math.max(Math.max(xs[0], xs[1]), Math.max(xs[2], xs[3]));
    }

    /** Cuts {@code items} into blocks (each a list of rows), appended in reading order; returns the columns used. */
    private static int cut(
            List<Item> items, double lineHeight, int column, List<List<List<Item>>> blocks, List<Integer> columns) {
        if (items.size() > 1) {
            List<List<Item>> sides = gutter(items, lineHeight);
            if (sides != null) {
                int used = cut(sides.get(0), lineHeight, column, blocks, columns);
                return used + cut(sides.get(1), lineHeight, column + used, blocks, columns);
            }
            List<List<Item>> parts = gap(items, lineHeight);
            if (parts != null) {
                int used = cut(parts.get(0), lineHeight, column, blocks, columns);
                return Math.max(used, cut(parts.get(1), lineHeight, column, blocks, columns));
            }
        }
        blocks.add(rows(items));
        columns.add(column);
        return 1;
    }

    /** The widest vertical gutter that parts columns of prose, as {left, right}; null when there is none. */
    private static List<List<Item>> gutter(List<Item> items, double lineHeight) {
        List<Item> byLeft = new ArrayList<>(items);
        byLeft.sort(Comparator.comparingDouble(Item::left));
        double reach = byLeft.get(0).right();
        double bestWidth = 0;
        int bestSplit = -1;
        for (int i = 1; i < byLeft.size(); i++) {
            Item next = byLeft.get(i);
            double width = next.left() - reach;
            if (width >= 1.5 * lineHeight
                    && width > bestWidth
                    && columns(byLeft.subList(0, i), byLeft.subList(i, byLeft.size()), lineHeight)) {
                bestWidth = width;
                bestSplit = i;
            }
            reach = Math.max(reach, next.right());
        }
        if (bestSplit < 0) {
            return null;
        }
        return List.of(
                new ArrayList<>(byLeft.subList(0, bestSplit)),
                new ArrayList<>(byLeft.subList(bestSplit, byLeft.size())));
    }

    /** Whether two sides are columns of prose beside each other rather than a table's columns or unrelated text. */
    private static boolean columns(List<Item> left, List<Item> right, double lineHeight) {
        if (left.size() < 2 || right.size() < 2) {
            return false;
        }
        double overlap = Math.min(bottom(left), bottom(right)) - Math.max(top(left), top(right));
        double shorter = Math.min(bottom(left) - top(left), bottom(right) - top(right));
        return overlap >= 0.5 * shorter && prose(left, lineHeight) && prose(right, lineHeight);
    }

    /** Most lines at least six line heights wide: running text, not cells of figures. */
    private static boolean prose(List<Item> side, double lineHeight) {
        long wide = side.stream().filter(i -> i.width() >= 6 * lineHeight).count();
        return wide >= 0.6 * side.size();
    }

    private static double top(List<Item> items) {
        return items.stream().mapToDouble(Item::top).min().orElse(0);
    }

    private static double bottom(List<Item> items) {
        return items.stream().mapToDouble(Item::bottom).max().orElse(0);
    }

    /** The widest horizontal gap when it is clearly wider than the usual one, as {above, below}; else null. */
    private static List<List<Item>> gap(List<Item> items, double lineHeight) {
        List<Item> byTop = new ArrayList<>(items);
        byTop.sort(Comparator.comparingDouble(Item::top));
        List<Double> gaps = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        double reach = byTop.get(0).bottom();
        for (int i = 1; i < byTop.size(); i++) {
            Item next = byTop.get(i);
            if (next.top() > reach) {
                gaps.add(next.top() - reach);
                at.add(i);
            }
            reach = Math.max(reach, next.bottom());
        }
        if (gaps.size() < 1) {
            return null;
        }
        List<Double> ordered = new ArrayList<>(gaps);
        ordered.sort(null);
        double usual = ordered.get((ordered.size() - 1) / 2);
        int best = -1;
        for (int g = 0; g < gaps.size(); g++) {
            double width = gaps.get(g);
            if (width >= usual + 0.5 * lineHeight
                    && width >= 0.8 * lineHeight
                    && (best < 0 || width > gaps.get(best))) {
                best = g;
            }
        }
        if (best < 0) {
            return null;
        }
        int split = at.get(best);
        return List.of(new ArrayList<>(byTop.subList(0, split)), new ArrayList<>(byTop.subList(split, byTop.size())));
    }

    /** Rows from the top: a line joins a row when its centre lies within half a line of the row's; each row from the left. */
    private static List<List<Item>> rows(List<Item> items) {
        List<Item> byMiddle = new ArrayList<>(items);
        byMiddle.sort(Comparator.comparingDouble(Item::cy));
        List<List<Item>> rows = new ArrayList<>();
        double rowMiddle = 0;
        double rowHeight = 0;
        for (Item item : byMiddle) {
            if (rows.isEmpty() || Math.abs(item.cy() - rowMiddle) > 0.5 * Math.min(rowHeight, item.height())) {
                rows.add(new ArrayList<>());
                rowMiddle = item.cy();
                rowHeight = item.height();
            }
            rows.get(rows.size() - 1).add(item);
        }
        rows.forEach(row -> row.sort(Comparator.comparingDouble(Item::left)));
        return rows;
    }
}
