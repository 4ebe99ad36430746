package dev.multimodal.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.api.SummaryScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryScorerTest {

    private static final String DOCUMENT = "The harbour of Tarn will get a new lighthouse in 2026. "
            + "The old tower, built in 1872, is cracked and will become a museum. "
            + "Fishermen asked for a brighter light after two groundings last winter. "
            + "The council will pay 800,000 euros and the port authority the rest.";

    private final SummaryScorer scorer = new SummaryScorer(TestModels.encoder(TestModels.FP32), 32, 16);

    @Test
    void sentencesAreSplitByTheJdkRules() {
        assertEquals(
                List.of("One thing.", "Another thing!", "A third?"),
                SummaryScorer.sentences("One thing. Another thing! A third?"));
        assertEquals(List.of("no final stop"), SummaryScorer.sentences("  no final stop  "));
    }

    @Test
    void eachSentencePointsAtTheWindowThatSupportsItAndNamesUnsupportedFacts() {
        SummaryScorer.Result result = scorer.score(
                        DOCUMENT,
                        List.of(
                                "Tarn gets a new lighthouse in 2026. The 1872 tower becomes a museum.",
                                "Tarn gets a new lighthouse in 2031. The 1872 tower becomes a museum in Bergen."))
                .join();
        assertTrue(result.windows() >= 3, "windows: " + result.windows());
        SummaryScore faithful =
                result.ranked().stream().filter(s -> s.index() == 0).findFirst().orElseThrow();
        SummaryScore changed =
                result.ranked().stream().filter(s -> s.index() == 1).findFirst().orElseThrow();
        assertEquals(1, faithful.rank());
        assertTrue(
                faithful.sentences().get(0).window()
                                < faithful.sentences().get(1).window()
                        || faithful.sentences().get(0).window() <= 1,
                faithful.sentences().toString());
        assertEquals(List.of(), faithful.sentences().get(0).unsupported());
        assertEquals(List.of("2031"), changed.sentences().get(0).unsupported());
        assertEquals(List.of("Bergen"), changed.sentences().get(1).unsupported());
        assertTrue(changed.precision() < faithful.precision());
        double expectedF1 =
                2 * faithful.precision() * faithful.coverage() / (faithful.precision() + faithful.coverage());
        assertEquals(expectedF1, faithful.f1(), 1e-12);
    }

    @Test
    void aSummaryOfOnlyTheStartCoversLess() {
        SummaryScorer.Result result = scorer.score(
                        DOCUMENT,
                        List.of(
                                "Tarn gets a new lighthouse in 2026.",
                                "Tarn gets a new lighthouse in 2026. The cracked 1872 tower becomes a museum. "
                                        + "Fishermen wanted a brighter light. The council pays 800,000 euros."))
                .join();
        assertEquals(1, result.ranked().get(0).index());
        assertTrue(result.ranked().get(0).coverage() > result.ranked().get(1).coverage());
    }
}
