package dev.multimodal.ocr;

import java.util.List;

/**
 * The lines of an image in reading order, and their text joined: lines of a row by a space, rows by
 * a newline, blocks by a blank line.
 */
public record OcrResult(List<OcrLine> lines, String text) {

    public static final OcrResult EMPTY = new OcrResult(List.of(), "");
}
