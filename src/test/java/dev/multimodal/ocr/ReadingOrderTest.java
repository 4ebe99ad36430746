package dev.multimodal.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading order on boxes laid out by hand: columns one after the other, tables by rows, blocks apart. */
class ReadingOrderTest {

    private static TextBox box(float x0, float y0, float x1, float y1) {
        return new TextBox(new float[] {x0, x1, x1, x0}, new float[] {y0, y0, y1, y1}, 1f);
    }

    private static OcrResult arrange(List<String> texts, List<TextBox> boxes) {
        List<OcrLine> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add(new OcrLine(texts.get(i), 1f, boxes.get(i).points(), false));
        }
        return ReadingOrder.arrange(lines, boxes);
    }

    @Test
    void twoColumnsUnderATitleAreReadColumnByColumn() {
        List<String> texts = new ArrayList<>();
        List<TextBox> boxes = new ArrayList<>();
        // given right column first, interleaved, to show order does not come from the input
        for (int row = 0; row < 5; row++) {
            texts.add("right " + row);
            boxes.add(box(640, 150 + row * 40, 1150, 180 + row * 40));
            texts.add("left " + row);
            boxes.add(box(60, 150 + row * 40, 560, 180 + row * 40));
        }
        texts.add("Title");
        boxes.add(box(60, 50, 700, 90));
        OcrResult result = arrange(texts, boxes);
        List<String> order = result.lines().stream().map(OcrLine::text).toList();
        assertEquals(
                List.of(
                        "Title", "left 0", "left 1", "left 2", "left 3", "left 4", "right 0", "right 1", "right 2",
                        "right 3", "right 4"),
                order);
        assertEquals(0, result.lines().get(0).column());
        assertEquals(0, result.lines().get(1).column());
        assertEquals(1, result.lines().get(6).column());
        for (int i = 0; i < result.lines().size(); i++) {
            assertEquals(i, result.lines().get(i).index());
        }
        assertEquals(
                "Title\n\nleft 0\nleft 1\nleft 2\nleft 3\nleft 4\n\nright 0\nright 1\nright 2\nright 3\nright 4",
                result.text());
    }

    @Test
    void aTableOfFiguresIsReadRowByRow() {
        List<String> texts = new ArrayList<>();
        List<TextBox> boxes = new ArrayList<>();
        for (int row = 0; row < 4; row++) {
            float y = 100 + row * 40;
            texts.add("item" + row);
            boxes.add(box(60, y, 200, y + 30));
            texts.add(String.valueOf(row));
            boxes.add(box(400, y, 430, y + 30));
            texts.add(row + ".50");
            boxes.add(box(600, y, 680, y + 30));
        }
        OcrResult result = arrange(texts, boxes);
        assertEquals("item0 0 0.50\nitem1 1 1.50\nitem2 2 2.50\nitem3 3 3.50", result.text());
        result.lines().forEach(l -> assertEquals(0, l.column()));
    }

    @Test
    void aParagraphBreakStartsANewBlock() {
        List<String> texts = List.of("one", "two", "three", "four");
        List<TextBox> boxes =
                List.of(box(50, 100, 900, 130), box(50, 140, 900, 170), box(50, 240, 900, 270), box(50, 280, 900, 310));
        OcrResult result = arrange(texts, boxes);
        assertEquals("one\ntwo\n\nthree\nfour", result.text());
        assertEquals(
                List.of(0, 0, 1, 1), result.lines().stream().map(OcrLine::block).toList());
    }

    /** Lines with their boxes and, apart from them, their ink (the boxes narrowed to where the ink stands). */
    private static OcrResult arrange(List<String> texts, List<TextBox> boxes, List<TextBox> inks) {
        List<OcrLine> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add(new OcrLine(texts.get(i), 1f, boxes.get(i).points(), false));
        }
        return ReadingOrder.arrange(lines, boxes, inks);
    }

    @Test
    void twoWordsWhoseWidenedBoxesOverlapAreJoinedWithASpaceFromTheGapInTheirInk() {
        // the detector widens each box by about a third of its height: boxes 40 high overlap by 20,
        // while the ink of "1.29" ends at 150 and that of "and" starts at 162 (0.3 of the height)
        TextBox price = box(40, 100, 170, 140);
        TextBox word = box(150, 100, 270, 140);
        OcrResult result = arrange(
                List.of("1.29", "and"),
                List.of(price, word),
                List.of(price.narrowed(0.1f, 110 / 130f), word.narrowed(12 / 120f, 0.9f)));
        assertEquals("1.29 and", result.text());
    }

    @Test
    void aWordFoundAsTwoTouchingPiecesIsJoinedWithoutASpace() {
        // "Plat" | "form": the ink of the two pieces stands 2 px apart, a letter's gap at this height
        TextBox left = box(40, 100, 160, 140);
        TextBox right = box(135, 100, 260, 140);
        OcrResult result = arrange(
                List.of("Plat", "form"),
                List.of(left, right),
                List.of(left.narrowed(0.1f, 100 / 120f), right.narrowed(7 / 125f, 0.9f)));
        assertEquals("Platform", result.text());
        assertEquals(2, result.lines().size(), "each piece stays a line of its own");
    }

    @Test
    void aLineSplitInTwoBoxesIsOneRowLeftToRight() {
        OcrResult result = arrange(List.of("world", "hello"), List.of(box(300, 102, 420, 128), box(50, 100, 250, 130)));
        assertEquals("hello world", result.text());
    }
}
