package dev.multimodal.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multimodal.api.CaptionScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionRankerTest {

    @Test
    void cosineAndSoftmaxOfTheScaledCosineAsWorkedOutByHand() {
        // image (1, 0); captions (0, 2), (3, 0), (1, 1): cosines 0, 1, 0.7071
        List<CaptionScore> ranked = CaptionRanker.rank(
                new float[] {1, 0},
                List.of("b", "a", "c"),
                List.of(new float[] {0, 2}, new float[] {3, 0}, new float[] {1, 1}),
                1.0);
        assertEquals(List.of(1, 2, 0), ranked.stream().map(CaptionScore::index).toList());
        assertEquals(List.of(1, 2, 3), ranked.stream().map(CaptionScore::rank).toList());
        assertEquals("a", ranked.get(0).caption());
        assertEquals(1.0, ranked.get(0).cosine(), 1e-9);
        assertEquals(Math.sqrt(0.5), ranked.get(1).cosine(), 1e-7);
        // softmax(1, 0.7071, 0) = e^1, e^0.7071, e^0 over their sum 5.7465...
        double sum = Math.E + Math.exp(Math.sqrt(0.5)) + 1;
        assertEquals(Math.E / sum, ranked.get(0).probability(), 1e-7);
        assertEquals(1 / sum, ranked.get(2).probability(), 1e-7);
    }

    @Test
    void clipsScaleOf100StaysFinite() {
        List<CaptionScore> ranked = CaptionRanker.rank(
                new float[] {1, 0}, List.of("yes", "no"), List.of(new float[] {1, 0}, new float[] {-1, 0}), 100);
        assertEquals(1.0, ranked.get(0).probability(), 1e-12);
        assertEquals(Math.exp(-200), ranked.get(1).probability(), 1e-90);
    }

    @Test
    void labelsFillTheTemplate() {
        assertEquals(
                List.of("a photo of a cat", "a photo of a red bus"),
                CaptionRanker.fromLabels(List.of("cat", "red bus"), "a photo of a {}"));
        assertThrows(IllegalArgumentException.class, () -> CaptionRanker.fromLabels(List.of("x"), "no slot"));
        assertThrows(IllegalArgumentException.class, () -> CaptionRanker.fromLabels(List.of("x"), "{} and {}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> CaptionRanker.rank(new float[] {1, 0}, List.of("a"), List.of(new float[] {1, 0, 0}), 1));
    }
}
