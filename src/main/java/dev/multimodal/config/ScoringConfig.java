package dev.multimodal.config;

import io.smallrye.config.WithDefault;

/** {@code mmf.scoring.*}: score-summaries' windows and the limits of both scorers. */
public interface ScoringConfig {
    /** Document window size in tokens, special tokens included: about a sentence. */
    @WithDefault("32")
    int windowTokens();

    /** Tokens each window shares with the previous one. */
    @WithDefault("16")
    int overlapTokens();

    @WithDefault("32")
    int maxSummaries();

    @WithDefault("100000")
    int maxDocumentChars();

    /** Candidate captions (or labels) per score-captions request. */
    @WithDefault("256")
    int maxCaptions();

    /** The template labels go into. */
    @WithDefault("a photo of a {}")
    String captionTemplate();

    /** The softmax scale of score-captions for a model whose manifest gives none (ocr-text). */
    @WithDefault("100")
    double logitScale();
}
