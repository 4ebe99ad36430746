package dev.multimodal.functions.api;

import java.util.List;

/** The lines in reading order and the whole text (a row's lines joined by a space, rows by a newline). */
public record ReadTextResponse(String model, String version, String text, List<Line> lines, int width, int height) {

    /**
     * @param box     four corners [[x, y], ...] clockwise from the top left, in the image's pixels
     * @param rotated the line was upside down and was turned before it was read
     */
    public record Line(String text, float confidence, int[][] box, boolean rotated) {
    }
}
