package dev.multimodal.functions.api;

import java.util.List;

/**
 * The lines in reading order and the whole text (a row's lines joined by a space, rows by a
 * newline, blocks by a blank line).
 */
public record ReadTextResponse(String model, String version, String text, List<Line> lines, int width, int height) {

    /**
     * @param box     four corners [[x, y], ...] clockwise from the top left, in the image's pixels
     * @param rotated the line was upside down and was turned before it was read
     * @param block   the block (paragraph, table, a column's run of lines) it belongs to, from 0 in reading order
     * @param column  the column it stands in, from 0 left to right
     * @param index   its place in reading order, from 0
     */
    public record Line(String text, float confidence, int[][] box, boolean rotated, int block, int column, int index) {
    }
}
