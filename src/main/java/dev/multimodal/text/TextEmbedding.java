package dev.multimodal.text;

/**
 * @param tokens    tokens of the whole text, special tokens included
 * @param truncated whether tokens past the model's limit were dropped
 */
public record TextEmbedding(float[] vector, int tokens, boolean truncated) {}
