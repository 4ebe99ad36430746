package dev.multimodal.functions.api;

import java.util.List;

/**
 * @param space     the model whose vector space the vectors live in
 * @param maxTokens the model's token limit, special tokens included
 */
public record EncodeTextResponse(String model, String version, String space, int dimension, int maxTokens,
                                 List<Embedding> embeddings) {

    /**
     * @param tokens    tokens of the whole text, special tokens included
     * @param truncated whether tokens past {@code maxTokens} were dropped
     */
    public record Embedding(int index, float[] vector, int tokens, boolean truncated) {
    }
}
