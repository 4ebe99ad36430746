package dev.multimodal.api;

import java.util.List;

/**
 * The lines in reading order and the whole text (a row's lines joined by a space, rows by a
 * newline, blocks by a blank line).
 */
@ApiField("The lines read in the image, in reading order, and the whole text.")
public record ReadTextResponse(
        String model,
        String version,

        @ApiField("a row's lines joined by a space, rows by a newline, blocks by a blank line")
        String text,

        @ApiField("the lines in reading order") List<Line> lines,
        @ApiField("the image's width in pixels") int width,
        @ApiField("the image's height in pixels") int height) {

    /**
     * @param box     four corners [[x, y], ...] clockwise from the top left, in the image's pixels
     * @param rotated the line was upside down and was turned before it was read
     * @param block   the block (paragraph, table, a column's run of lines) it belongs to, from 0 in reading order
     * @param column  the column it stands in, from 0 left to right
     * @param index   its place in reading order, from 0
     */
    public record Line(
            String text,

            @ApiField("the recogniser's mean confidence, 0 to 1")
            float confidence,

            @ApiField("four corners [[x, y], ...] clockwise from the top left, in the image's pixels")
            int[][] box,

            @ApiField("the line was upside down and was turned before it was read")
            boolean rotated,

            @ApiField(
                    "the block (paragraph, table, a column's run of lines) it belongs to, from 0 in " + "reading order")
            int block,

            @ApiField("the column it stands in, from 0 left to right")
            int column,

            @ApiField("its place in reading order, from 0") int index) {}
}
