package dev.multimodal.service;

import dev.multimodal.api.Labelled;

/**
 * The steps of the analysis chain, in order, each with the function that runs it as a CloudEvent. The
 * media steps come before encode-text, which encodes its text in the space of the first medium; a
 * step whose medium the analysis does not carry passes the envelope on unchanged.
 */
public enum ChainStep implements Labelled {
    ENCODE_IMAGE("encode-image", "analyze-image"),
    ENCODE_AUDIO("encode-audio", "analyze-audio"),
    ENCODE_VIDEO("encode-video", "analyze-video"),
    ENCODE_TEXT("encode-text", "analyze-text"),
    FUSE("fuse", "analyze-fuse"),
    SCORE("score", "analyze-score");

    private final String label;
    private final String function;

    ChainStep(String label, String function) {
        this.label = label;
        this.function = function;
    }

    /** The step's name in an envelope's timings. */
    @Override
    public String label() {
        return label;
    }

    /** The CloudEvent function that runs this step on its own. */
    public String function() {
        return function;
    }
}
