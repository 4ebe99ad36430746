package dev.multimodal.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.api.FusionStrategy;
import dev.multimodal.refusal.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every strategy on small vectors whose results are worked out by hand. */
class FuserTest {

    private static final Fuser.Options RAW = new Fuser.Options(false, 0.5, false);
    private final Fuser fuser = new Fuser();

    private static final FusionPart A = FusionPart.of("text", new float[] {1, 2, 3}, "s");
    private static final FusionPart B = FusionPart.of("text", new float[] {3, 0, -1}, "s");
    private static final FusionPart C = new FusionPart("image", new float[] {2, 5, 0}, "s", 2.0);

    @Test
    void weightedAverageNormalisesTheWeights() {
        // weights 1, 1, 2 → 1/4, 1/4, 1/2: (1+3+4)/4 = 2, (2+0+10)/4 = 3, (3-1+0)/4 = 0.5
        FusionResult r = fuser.fuse(List.of(A, B, C), FusionStrategy.WEIGHTED_AVERAGE, RAW);
        assertArrayEquals(new float[] {2, 3, 0.5f}, r.vector(), 1e-6f);
        assertEquals("s", r.space());
        assertNull(r.attentionWeights());
    }

    @Test
    void elementWiseMaxMinAndMedian() {
        assertArrayEquals(
                new float[] {3, 5, 3},
                fuser.fuse(List.of(A, B, C), FusionStrategy.MAX, RAW).vector());
        assertArrayEquals(
                new float[] {1, 0, -1},
                fuser.fuse(List.of(A, B, C), FusionStrategy.MIN, RAW).vector());
        assertArrayEquals(
                new float[] {2, 2, 0},
                fuser.fuse(List.of(A, B, C), FusionStrategy.MEDIAN, RAW).vector());
        // an even count takes the mean of the two middle values
        assertArrayEquals(
                new float[] {2, 1, 1},
                fuser.fuse(List.of(A, B), FusionStrategy.MEDIAN, RAW).vector());
    }

    @Test
    void concatKeepsOrderAndAcceptsAnySizeAndSpace() {
        FusionPart other = FusionPart.of("text", new float[] {9}, "t");
        FusionResult r = fuser.fuse(List.of(A, other, B), FusionStrategy.CONCAT, RAW);
        assertArrayEquals(new float[] {1, 2, 3, 9, 3, 0, -1}, r.vector());
        assertEquals("fused:concat", r.space());
    }

    @Test
    void attentionWeighsTextsBySoftmaxOfDotOverTemperature() {
        // q = (1, 0); t1 = (1, 0), t2 = (0, 1); τ = 0.5 → logits 2, 0 → e²/(e²+1) = 0.880797, 0.119203
        FusionPart image = FusionPart.of("image", new float[] {1, 0}, "clip");
        FusionPart t1 = FusionPart.of("text", new float[] {1, 0}, "clip");
        FusionPart t2 = FusionPart.of("text", new float[] {0, 1}, "clip");
        FusionResult r = fuser.fuse(List.of(t1, image, t2), FusionStrategy.ATTENTION, RAW);
        assertArrayEquals(new double[] {0.880797, 0.119203}, r.attentionWeights(), 1e-6);
        assertArrayEquals(new float[] {0.880797f, 0.119203f}, r.vector(), 1e-6f);
        assertEquals("clip", r.space());
        // a colder temperature sharpens the weights
        double[] sharp = fuser.fuse(
                        List.of(t1, image, t2), FusionStrategy.ATTENTION, new Fuser.Options(false, 0.01, false))
                .attentionWeights();
        assertTrue(sharp[0] > 0.999999, String.valueOf(sharp[0]));
    }

    @Test
    void theResultIsNormalisedOnRequest() {
        FusionPart v = FusionPart.of("text", new float[] {3, 4}, "s");
        assertArrayEquals(
                new float[] {0.6f, 0.8f},
                fuser.fuse(List.of(v), FusionStrategy.WEIGHTED_AVERAGE, Fuser.Options.defaults())
                        .vector(),
                1e-6f);
    }

    @Test
    void mixedSpacesAreRefusedUnlessAllowed() {
        FusionPart elsewhere = FusionPart.of("image", new float[] {0, 0, 1}, "other-model");
        FusionException e =
                assertThrows(FusionException.class, () -> fuser.fuse(List.of(A, elsewhere), FusionStrategy.MAX, RAW));
        assertTrue(
                e.getMessage().contains("parts[0] in s") && e.getMessage().contains("parts[1] in other-model"),
                e.getMessage());
        FusionResult allowed =
                fuser.fuse(List.of(A, elsewhere), FusionStrategy.WEIGHTED_AVERAGE, new Fuser.Options(true, 0.1, false));
        assertEquals("fused:weighted-average", allowed.space());
        assertArrayEquals(new float[] {0.5f, 1, 2}, allowed.vector(), 1e-6f);
    }

    @Test
    void meaninglessInputIsRefusedNamingTheParts() {
        assertField("parts", () -> fuser.fuse(List.of(), FusionStrategy.MAX, RAW));
        FusionPart nan = FusionPart.of("text", new float[] {0, 1, Float.NaN}, "s");
        FusionException e = assertField("parts[1].vector", () -> fuser.fuse(List.of(A, nan), FusionStrategy.MAX, RAW));
        assertTrue(e.getMessage().contains("parts[1].vector[2] is NaN"), e.getMessage());
        FusionPart inf = FusionPart.of("text", new float[] {Float.POSITIVE_INFINITY, 0, 0}, "s");
        assertField("parts[0].vector", () -> fuser.fuse(List.of(inf), FusionStrategy.MEDIAN, RAW));
        FusionPart shorter = FusionPart.of("text", new float[] {1, 2}, "s");
        e = assertField("parts", () -> fuser.fuse(List.of(A, shorter), FusionStrategy.WEIGHTED_AVERAGE, RAW));
        assertTrue(e.getMessage().contains("parts[1] has 2"), e.getMessage());
        assertField(
                "parts[0].weight",
                () -> fuser.fuse(
                        List.of(new FusionPart("text", A.vector(), "s", -1)), FusionStrategy.WEIGHTED_AVERAGE, RAW));
        assertField(
                "parts",
                () -> fuser.fuse(
                        List.of(new FusionPart("text", A.vector(), "s", 0)), FusionStrategy.WEIGHTED_AVERAGE, RAW));
        assertField("parts", () -> fuser.fuse(List.of(A, B), FusionStrategy.ATTENTION, RAW));
        assertField(
                "temperature",
                () -> fuser.fuse(List.of(A, C), FusionStrategy.ATTENTION, new Fuser.Options(false, 0, false)));
        assertEquals(
                "strategy",
                assertThrows(InputException.class, () -> FusionStrategy.parse("average"))
                        .field());
        assertEquals(FusionStrategy.WEIGHTED_AVERAGE, FusionStrategy.parse("Weighted-Average"));
    }

    private static FusionException assertField(String field, org.junit.jupiter.api.function.Executable call) {
        FusionException e = assertThrows(FusionException.class, call);
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }
}
