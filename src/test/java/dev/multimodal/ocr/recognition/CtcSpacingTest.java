package dev.multimodal.ocr.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multimodal.ocr.recognition.CtcSpacing.Emitted;
import dev.multimodal.vision.ImageBatchRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spaces put back from where the characters of a greedy CTC path stand, on paths written here. */
class CtcSpacingTest {

    /**
     * A path from characters and the time steps they stand at; {@code spaceBefore[i]} is the space
     * class's best probability on the steps before character i.
     */
    private static List<Emitted> path(String characters, int[] steps, float[] spaceBefore) {
        List<Emitted> path = new ArrayList<>();
        int[] codePoints = characters.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            path.add(new Emitted(Character.toString(codePoints[i]), steps[i], steps[i], 0.99f, spaceBefore[i]));
        }
        return path;
    }

    private static float[] none(int n) {
        return new float[n];
    }

    @Test
    void aDroppedSpaceIsPutBackWhereTheGapIsBeyondThePitchAndTheSpaceClassHadProbability() {
        // "GateB12": letters 2.5 steps apart, 5 steps from 'e' to 'B' and from 'B' to '1'
        float[] space = none(7);
        space[4] = 0.31f;
        space[5] = 0.18f;
        assertEquals("Gate B 12", CtcSpacing.text(path("GateB12", new int[] {2, 5, 7, 9, 14, 20, 23}, space)));
    }

    @Test
    void aGapBesideANarrowCharacterIsMeasuredAgainstItsWidth() {
        // "Date:2026": the colon stands 4 steps from the "2", little beyond the pitch of 3, but a
        // colon is half a letter wide, so its neighbours would stand 2.25 steps from it
        float[] space = none(9);
        space[5] = 0.04f;
        int[] steps = {2, 5, 8, 10, 13, 17, 19, 22, 25};
        assertEquals("Date: 2026", CtcSpacing.text(path("Date:2026", steps, space)));
        space[5] = 0.01f;
        assertEquals("Date:2026", CtcSpacing.text(path("Date:2026", steps, space)), "with no say of the space class");
    }

    @Test
    void aWideGapWithoutTheSpaceClassIsNoSpace() {
        // wide letters stand far apart ("UR" 2 pitches) and the space class has no say there
        float[] space = none(6);
        space[2] = 0.01f;
        assertEquals("EURkg1", CtcSpacing.text(path("EURkg1", new int[] {2, 5, 11, 14, 17, 20}, space)));
    }

    @Test
    void theSpaceClassAloneAtThePitchIsNoSpace() {
        float[] space = none(6);
        space[3] = 0.5f;
        assertEquals("Platfo", CtcSpacing.text(path("Platfo", new int[] {2, 5, 8, 11, 14, 17}, space)));
    }

    @Test
    void aSpaceTheModelReadIsKeptAndNotDoubled() {
        // the blank steps around a read space also hold some of its probability
        assertEquals(
                "Total EUR",
                CtcSpacing.text(path("Total EUR", new int[] {2, 5, 8, 11, 13, 16, 18, 21, 24}, new float[] {
                    0, 0, 0, 0, 0, 0.4f, 0, 0, 0
                })));
    }

    @Test
    void charactersOfScriptsWithoutSpacesAreNeverParted() {
        float[] space = none(5);
        space[3] = 0.5f;
        assertEquals("北京东站台", CtcSpacing.text(path("北京东站台", new int[] {2, 6, 10, 18, 22}, space)));
    }

    @Test
    void aLineTooShortForAPitchIsLeftAsRead() {
        assertEquals("7B", CtcSpacing.text(path("7B", new int[] {2, 12}, new float[] {0, 0.9f})));
    }

    /** Classes: blank, a, b, c, space. */
    private static final String[] CHARACTERS = {"a", "b", "c", " "};

    /** Step probabilities: {@code best[t]} is the class that wins step t; {@code space[t]} the space's share on a blank step. */
    private static ImageBatchRunner.Output output(int[] best, float[] space) {
        int classes = CHARACTERS.length + 1;
        float[] p = new float[best.length * classes];
        for (int t = 0; t < best.length; t++) {
            float rest = 1 - space[t];
            p[t * classes + best[t]] = best[t] == 0 ? rest : 0.95f;
            if (best[t] != 0) {
                p[t * classes] = 0.05f;
            } else {
                p[t * classes + 4] = space[t];
            }
        }
        return new ImageBatchRunner.Output(p, new long[] {best.length, classes});
    }

    @Test
    void theDecoderKeepsWhereEachCharacterStoodAndPutsTheLostSpaceBack() {
        CtcDecoder decoder = new CtcDecoder(CHARACTERS, true);
        // a . . b . . c . . . . . a a . b : "abcab", with 6 steps from c to the second a
        int[] best = {1, 0, 0, 2, 0, 0, 3, 0, 0, 0, 0, 0, 1, 1, 0, 2};
        float[] space = new float[best.length];
        space[9] = 0.22f;
        List<Emitted> path = decoder.path(output(best, space));
        assertEquals(5, path.size());
        assertEquals(12, path.get(3).first());
        assertEquals(13, path.get(3).last());
        assertEquals(0.22f, path.get(3).spaceBefore(), 1e-6);
        assertEquals("abc ab", decoder.decode(output(best, space)).text());
        // the same path with no probability left to the space class reads as it stands
        assertEquals(
                "abcab", decoder.decode(output(best, new float[best.length])).text());
    }

    @Test
    void aReadSpaceComesOutOnce() {
        CtcDecoder decoder = new CtcDecoder(CHARACTERS, true);
        int[] best = {1, 0, 2, 0, 3, 0, 4, 4, 0, 1, 0, 2};
        float[] space = new float[best.length];
        space[5] = 0.3f;
        space[8] = 0.3f;
        assertEquals("abc ab", decoder.decode(output(best, space)).text());
    }

    @Test
    void fullWidthFormsInALatinLineBecomeASCIIAndStayInAChineseOne() {
        assertEquals("EUR / kg", CtcDecoder.halfWidthInLatin("EUR ／ kg"));
        assertEquals("Date: 2026", CtcDecoder.halfWidthInLatin("Date： 2026"));
        assertEquals("价格／公斤", CtcDecoder.halfWidthInLatin("价格／公斤"));
    }
}
