package dev.multimodal.scoring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.TestModels;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed evaluation set (src/test/resources/summary-eval.json, written for the project):
 * per document, its faithful summary against another document's summary, the faithful summary
 * with one fact changed, and a summary of the first paragraph only. The faithful one must rank
 * first in at least 90% of documents. It runs on the fp32 model, whose vectors do not depend on
 * their batch-mates, so the figure is the same on every run (docs/usage.md gives int8's too).
 */
class SummaryEvaluationTest {

    @Test
    void theFaithfulSummaryRanksFirst() throws Exception {
        JsonNode set;
        try (InputStream in = getClass().getResourceAsStream("/summary-eval.json")) {
            set = new ObjectMapper().readTree(in);
        }
        SummaryScorer scorer = new SummaryScorer(TestModels.encoder(TestModels.FP32), 32, 16);
        int first = 0;
        int[] beatenBy = new int[4];
        for (int i = 0; i < set.size(); i++) {
            JsonNode doc = set.get(i);
            List<String> candidates = List.of(
                    doc.get("faithful").asText(),
                    set.get((i + 1) % set.size()).get("faithful").asText(),
                    doc.get("changedFact").asText(),
                    doc.get("firstParagraph").asText());
            SummaryScorer.Result result =
                    scorer.score(doc.get("document").asText(), candidates).join();
            int winner = result.ranked().get(0).index();
            if (winner == 0) {
                first++;
            } else {
                beatenBy[winner]++;
                System.out.printf("document %d: faithful beaten by candidate %d (%s)%n", i, winner, result.ranked());
            }
        }
        double rate = (double) first / set.size();
        System.out.printf(
                "summary evaluation: faithful first in %d of %d documents (%.0f%%); beaten by another "
                        + "document's summary %d, a changed fact %d, the first paragraph %d%n",
                first, set.size(), rate * 100, beatenBy[1], beatenBy[2], beatenBy[3]);
        assertTrue(rate >= 0.9, "faithful first in " + first + " of " + set.size());
    }
}
