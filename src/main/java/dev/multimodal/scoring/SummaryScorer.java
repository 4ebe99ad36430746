package dev.multimodal.scoring;

import dev.multimodal.api.Overflow;
import dev.multimodal.api.SummaryScore;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Scores candidate summaries of a document. The document is cut into overlapping token windows
 * that fit the text model and each summary into sentences; all of them are embedded in one pass
 * through the batcher. Per summary: precision (how well the document supports each sentence,
 * lowered where a sentence states numbers or names the document never mentions), coverage (how
 * well the sentences cover each window) and their F1; summaries are ranked by F1.
 */
public final class SummaryScorer {

    /** How much an unsupported fact lowers a sentence's support: half of it when none is backed. */
    static final double FACT_WEIGHT = 0.5;

    private final TextEncoder encoder;
    private final int windowTokens;
    private final int overlapTokens;

    /**
     * @param windowTokens document window size, special tokens included; a window of a sentence or
     *                     two is what a summary sentence can be matched against (capped at the
     *                     model's limit)
     */
    public SummaryScorer(TextEncoder encoder, int windowTokens, int overlapTokens) {
        this.encoder = encoder;
        this.windowTokens = windowTokens;
        this.overlapTokens = overlapTokens;
    }

    public record Result(int windows, List<SummaryScore> ranked) {}

    public CompletableFuture<Result> score(String document, List<String> summaries) {
        return score(document, summaries, Cancellation.none());
    }

    /** As above; once {@code cancel} fires, the document's windows not yet queued are not, and queued ones leave. */
    public CompletableFuture<Result> score(String document, List<String> summaries, Cancellation cancel) {
        List<List<String>> sentences = new ArrayList<>(summaries.size());
        List<String> all = new ArrayList<>();
        for (String summary : summaries) {
            List<String> split = sentences(summary);
            sentences.add(split);
            all.addAll(split);
        }
        CompletableFuture<List<TextEmbedding>> embedded;
        CompletableFuture<List<float[]>> windows;
        int chunk = Math.max(1, encoder.batcher().settings().queueCapacity() / 4);
        if (all.size() <= chunk) {
            // beside the document's first chunk of windows (half the queue) they fit the queue: at once
            windows = encoder.encodeWindows(document, windowTokens, overlapTokens, cancel);
            embedded = encoder.encode(all, Overflow.TRUNCATE, cancel);
        } else {
            // many sentences (32 summaries of 2,000 characters are about 1,000) with the windows' first
            // chunk would overfill the queue, so that the largest legal request could never run: the
            // sentences go first, a quarter of the queue at a time, and the windows after them
            embedded = inChunks(all, 0, chunk, new ArrayList<>(all.size()), cancel);
            windows =
                    embedded.thenCompose(done -> encoder.encodeWindows(document, windowTokens, overlapTokens, cancel));
        }
        Facts facts = new Facts(document);
        return windows.thenCombine(embedded, (w, e) -> {
            List<SummaryScore> scores = new ArrayList<>(summaries.size());
            int next = 0;
            for (int s = 0; s < summaries.size(); s++) {
                List<String> split = sentences.get(s);
                List<float[]> vectors = new ArrayList<>(split.size());
                for (int i = 0; i < split.size(); i++) {
                    vectors.add(e.get(next++).vector());
                }
                scores.add(score(s, split, vectors, w, facts));
            }
            scores.sort(Comparator.comparingDouble(SummaryScore::f1).reversed());
            List<SummaryScore> ranked = new ArrayList<>(scores.size());
            for (int r = 0; r < scores.size(); r++) {
                SummaryScore x = scores.get(r);
                ranked.add(new SummaryScore(x.index(), r + 1, x.f1(), x.precision(), x.coverage(), x.sentences()));
            }
            return new Result(w.size(), ranked);
        });
    }

    /** {@code texts} from {@code from} on, {@code chunk} at a time, each chunk after the one before has run. */
    private CompletableFuture<List<TextEmbedding>> inChunks(
            List<String> texts, int from, int chunk, List<TextEmbedding> into, Cancellation cancel) {
        if (from >= texts.size()) {
            return CompletableFuture.completedFuture(into);
        }
        int to = Math.min(texts.size(), from + chunk);
        return encoder.encode(texts.subList(from, to), Overflow.TRUNCATE, cancel)
                .thenCompose(done -> {
                    into.addAll(done);
                    return inChunks(texts, to, chunk, into, cancel);
                });
    }

    private static SummaryScore score(
            int index, List<String> sentences, List<float[]> vectors, List<float[]> windows, Facts facts) {
        List<SummaryScore.SentenceSupport> supports = new ArrayList<>(sentences.size());
        double precision = 0;
        for (int i = 0; i < sentences.size(); i++) {
            int best = 0;
            double bestSimilarity = -1;
            for (int j = 0; j < windows.size(); j++) {
                double similarity = dot(vectors.get(i), windows.get(j));
                if (similarity > bestSimilarity) {
                    bestSimilarity = similarity;
                    best = j;
                }
            }
            Facts.Check check = facts.check(sentences.get(i));
            double support = bestSimilarity * (1 - FACT_WEIGHT * (1 - check.supported()));
            supports.add(new SummaryScore.SentenceSupport(
                    sentences.get(i), best, bestSimilarity, check.unsupported(), support));
            precision += support;
        }
        precision /= sentences.size();
        double coverage = 0;
        for (float[] window : windows) {
            double best = -1;
            for (float[] vector : vectors) {
                best = Math.max(best, dot(vector, window));
            }
            coverage += best;
        }
        coverage /= windows.size();
        double f1 = precision + coverage > 0 ? 2 * precision * coverage / (precision + coverage) : 0;
        return new SummaryScore(index, 0, f1, precision, coverage, supports);
    }

    /** Sentences by the JDK's sentence rules; a summary without terminal punctuation is one sentence. */
    static List<String> sentences(String text) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        it.setText(text);
        List<String> sentences = new ArrayList<>();
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        if (sentences.isEmpty()) {
            sentences.add(text.strip());
        }
        return sentences;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (double) a[j] * b[j];
        }
        return s;
    }
}
