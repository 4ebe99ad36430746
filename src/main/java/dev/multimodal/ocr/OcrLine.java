package dev.multimodal.ocr;

/**
 * One recognised line.
 *
 * @param confidence mean of the recogniser's per-character probabilities
 * @param box        the line's four corners in the image, clockwise from the top left, [[x, y], ...]
 * @param rotated    whether the line was read upside down and turned by 180° first
 */
public record OcrLine(String text, float confidence, int[][] box, boolean rotated) {
}
