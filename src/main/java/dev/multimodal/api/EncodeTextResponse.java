package dev.multimodal.api;

import java.util.List;

/**
 * @param space     the model whose vector space the vectors live in
 * @param maxTokens the model's token limit, special tokens included
 */
@ApiField("One vector per text, in request order.")
public record EncodeTextResponse(
        String model,
        String version,

        @ApiField("the model whose vector space the vectors live in")
        String space,

        int dimension,

        @ApiField("the model's token limit, special tokens included")
        int maxTokens,

        List<Embedding> embeddings) {

    /**
     * @param tokens    tokens of the whole text, special tokens included
     * @param truncated whether tokens past {@code maxTokens} were dropped
     */
    public record Embedding(
            @ApiField("the text's index in the request") int index,
            float[] vector,

            @ApiField("tokens of the whole text, special tokens included")
            int tokens,

            @ApiField("whether tokens past maxTokens were dropped")
            boolean truncated) {}
}
