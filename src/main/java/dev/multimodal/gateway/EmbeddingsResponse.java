package dev.multimodal.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI's embeddings answer: one vector per input, in input order, and the tokens they took. */
public record EmbeddingsResponse(String object, List<Embedding> data, String model, Usage usage) {

    public EmbeddingsResponse(List<Embedding> data, String model, Usage usage) {
        this("list", data, model, usage);
    }

    /** @param embedding the vector: a {@code float[]}, or its little-endian float32 bytes, which Jackson writes as base64 */
    public record Embedding(String object, int index, Object embedding) {

        public Embedding(int index, Object embedding) {
            this("embedding", index, embedding);
        }
    }

    /** Tokens of every input, the model's special tokens included. */
    public record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("total_tokens") int totalTokens) {}
}
