package dev.multimodal.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.api.SummaryScore;
import dev.multimodal.text.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * The largest legal request in bench/hostile's 1 GiB profile (32 summaries of 2,000 characters, about
     * 1,000 sentences, over a long document) overfilled the queue beside the document's first chunk of
     * windows, and got 503 however often it was sent. Here the same shape against a queue of 64: 40
     * sentences and a document of about 100 windows.
     */
    @Test
    void moreSentencesThanTheQueueTakesBesideTheWindowsAreScoredInTurn() throws Exception {
        try (TextEncoder small = TestModels.encoder(
                TestModels.INT8, TestModels.BATCHING.withQueueCapacity(64).withMaxBatch(8))) {
            String document = "The river froze in January and the ferry stopped running. ".repeat(200);
            List<String> summaries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                summaries.add("The ferry stopped because the river froze. ".repeat(10));
            }
            summaries.add("Prices of bread rose sharply in the city. ".repeat(10));
            SummaryScorer.Result result =
                    new SummaryScorer(small, 32, 16).score(document, summaries).get(120, TimeUnit.SECONDS);
            assertTrue(result.windows() > 64, "more windows than the queue: " + result.windows());
            assertEquals(5, result.ranked().size());
            assertEquals(4, result.ranked().get(4).index(), "the unrelated summary ranks last");
        }
    }
}
