package dev.multimodal.functions.api;

import java.util.List;

/** The lines in reading order and the whole text (a row's lines joined by a space, rows by a newline). */
@ApiField("The lines read in the image, in reading order, and the whole text.")
public record ReadTextResponse(String model, String version,
                               @ApiField("a row's lines joined by a space, rows by a newline") String text,
                               @ApiField("the lines in reading order") List<Line> lines,
                               @ApiField("the image's width in pixels") int width,
                               @ApiField("the image's height in pixels") int height) {

    /**
     * @param box     four corners [[x, y], ...] clockwise from the top left, in the image's pixels
     * @param rotated the line was upside down and was turned before it was read
     */
    public record Line(String text,
                       @ApiField("the recogniser's mean confidence, 0 to 1") float confidence,
                       @ApiField("four corners [[x, y], ...] clockwise from the top left, in the image's pixels")
                       int[][] box,
                       @ApiField("the line was upside down and was turned before it was read") boolean rotated) {
    }
}
