package dev.multimodal.ocr.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.multimodal.ocr.TextBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowPiecesTest {

    private static TextBox box(float left, float top, float right, float bottom) {
        return new TextBox(new float[] {left, right, right, left}, new float[] {top, top, bottom, bottom}, 0.8f);
    }

    @Test
    void overlappingPiecesOfOneRowBecomeOneBox() {
        // "MARKETS" and "TODAY" as the detector found them on a 720p frame, each grown into the other
        List<TextBox> joined = RowPieces.join(List.of(box(653, 340, 948, 397), box(335, 340, 689, 397)));
        assertEquals(1, joined.size());
        TextBox row = joined.get(0);
        assertEquals(335, row.left(), 1e-3);
        assertEquals(948, row.xs()[1], 1e-3);
        assertEquals(340, row.top(), 1e-3);
        assertEquals(397, row.bottom(), 1e-3);
    }

    @Test
    void aChainOfPiecesJoinsWhicheverWayItWasFound() {
        List<TextBox> joined = RowPieces.join(List.of(
                box(549, 332, 736, 390), box(279, 334, 572, 390), box(720, 331, 1003, 391), box(10, 600, 200, 640)));
        assertEquals(2, joined.size());
        assertEquals(279, joined.get(1).left(), 1e-3);
        assertEquals(1003, joined.get(1).xs()[1], 1e-3);
    }

    @Test
    void aFragmentInsideAWordsBoxIsTakenIntoIt() {
        TextBox word = box(297, 148, 696, 209);
        List<TextBox> joined = RowPieces.join(List.of(word, box(674, 169, 684, 186)));
        assertEquals(1, joined.size());
        assertEquals(word.left(), joined.get(0).left(), 1e-3);
        assertEquals(696, joined.get(0).xs()[1], 1e-3);
        assertEquals(word.top(), joined.get(0).top(), 1e-3);
        assertEquals(word.bottom(), joined.get(0).bottom(), 1e-3);
    }

    @Test
    void piecesApartAndLinesAboveAndBelowStayAsFound() {
        List<TextBox> apart = List.of(box(100, 100, 300, 140), box(310, 100, 500, 140));
        assertSame(apart, RowPieces.join(apart));
        // lines of a paragraph, the grown boxes overlapping a third of their height
        List<TextBox> stacked = List.of(box(100, 100, 500, 140), box(100, 128, 500, 168));
        assertSame(stacked, RowPieces.join(stacked));
        // two columns of vertical text side by side
        List<TextBox> columns = List.of(box(100, 100, 150, 500), box(140, 100, 190, 500));
        assertSame(columns, RowPieces.join(columns));
    }

    @Test
    void slantedBoxesAreKeptAsFound() {
        TextBox slanted = new TextBox(new float[] {100, 400, 395, 95}, new float[] {100, 130, 170, 140}, 0.8f);
        List<TextBox> boxes = List.of(slanted, box(380, 130, 600, 170));
        assertSame(boxes, RowPieces.join(boxes));
    }
}
