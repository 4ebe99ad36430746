package dev.multimodal.ocr;

import java.util.List;

/** The lines of an image in reading order, and their text joined: lines of a row by a space, rows by a newline. */
public record OcrResult(List<OcrLine> lines, String text) {

    static OcrResult of(List<OcrLine> lines, List<Integer> rowStarts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                text.append(rowStarts.contains(i) ? '\n' : ' ');
            }
            text.append(lines.get(i).text());
        }
        return new OcrResult(List.copyOf(lines), text.toString());
    }
}
