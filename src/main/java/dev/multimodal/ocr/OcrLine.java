package dev.multimodal.ocr;

/**
 * One recognised line.
 *
 * @param confidence mean of the recogniser's per-character probabilities
 * @param box        the line's four corners in the image, clockwise from the top left, [[x, y], ...]
 * @param rotated    whether the line was read upside down and turned by 180° first
 * @param block      the block (a paragraph, a table, one column's run of lines) it belongs to,
 *                   numbered from 0 in reading order
 * @param column     the column it stands in, numbered from 0 left to right (0 on a one-column page)
 * @param index      its place in reading order, from 0
 */
public record OcrLine(String text, float confidence, int[][] box, boolean rotated, int block, int column, int index) {

    /** A line not yet placed in reading order. */
    public OcrLine(String text, float confidence, int[][] box, boolean rotated) {
        this(text, confidence, box, rotated, 0, 0, 0);
    }

    OcrLine placed(int block, int column, int index) {
        return new OcrLine(text, confidence, box, rotated, block, column, index);
    }
}
