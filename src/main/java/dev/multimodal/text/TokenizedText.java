package dev.multimodal.text;

/**
 * A text as the model sees it.
 *
 * @param ids         token ids with the special tokens, cut to the model's limit
 * @param tokens      tokens of the whole text with the special tokens, before any cut
 * @param truncated   whether {@code ids} lost tokens to the limit
 */
public record TokenizedText(long[] ids, int tokens, boolean truncated) {}
