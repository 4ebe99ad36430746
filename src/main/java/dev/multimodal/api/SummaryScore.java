package dev.multimodal.api;

import java.util.List;

/**
 * How well one summary fits a document.
 *
 * @param precision mean over the summary's sentences of their best support among the document's
 *                  windows: how much of the summary the document backs
 * @param coverage  mean over the windows of their best match among the summary's sentences: how
 *                  much of the document the summary covers
 * @param rank      1 for the best F1
 */
public record SummaryScore(
        int index, int rank, double f1, double precision, double coverage, List<SentenceSupport> sentences) {

    /**
     * @param window      the index of the window that supports the sentence best
     * @param similarity  cosine to that window
     * @param unsupported numbers and names in the sentence that the document never mentions
     * @param support     the similarity, lowered by the share of unsupported facts
     */
    public record SentenceSupport(
            String text, int window, double similarity, List<String> unsupported, double support) {}
}
