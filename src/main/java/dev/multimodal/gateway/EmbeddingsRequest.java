package dev.multimodal.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI's {@code POST /v1/embeddings} request, with OpenAI's field names. {@code input} and
 * {@code dimensions} stay JSON until {@link EmbeddingInput} and the resource check them, so that a
 * wrong type is refused naming the field rather than coerced.
 *
 * @param input          a string, or an array of 1 to {@code mmf.text.max-texts} strings
 * @param model          a text model id ({@code GET /v1/models}); the default text model when absent
 * @param encodingFormat {@code float} (the default) or {@code base64}: little-endian float32 bytes
 * @param dimensions     the vector size; only the model's own dimension is accepted
 * @param user           OpenAI's end-user id; ignored
 */
public record EmbeddingsRequest(
        JsonNode input,
        String model,
        @JsonProperty("encoding_format") String encodingFormat,
        JsonNode dimensions,
        String user) {}
