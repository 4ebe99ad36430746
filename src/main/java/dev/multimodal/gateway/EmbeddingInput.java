package dev.multimodal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.refusal.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenAI's {@code input}: a string or an array of strings, as texts for encode-text. Token arrays
 * (an array of integers, or of arrays of integers) are refused: the ids OpenAI's clients send are
 * those of OpenAI's own tokenizers (tiktoken), which mean nothing in a served model's vocabulary,
 * so decoding them would embed some other text without a word of warning.
 */
final class EmbeddingInput {

    static final String FIELD = "input";

    private EmbeddingInput() {}

    /** The texts; null when {@code input} is absent, for the limits to refuse as for encode-text. */
    static List<String> texts(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return null;
        }
        if (input.isTextual()) {
            return List.of(input.textValue());
        }
        if (!input.isArray()) {
            throw InputException.badRequest(
                    FIELD, FIELD + " must be a string or an array of strings, not " + kind(input));
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.isTextual()) {
                texts.add(item.textValue());
            } else if (isTokens(item) || item.isArray() && isTokens(item.get(0))) {
                throw InputException.badRequest(
                        FIELD,
                        FIELD + " holds token ids: this service embeds text only."
                                + " Token ids from OpenAI's tokenizer are not ids of this service's models, so send the"
                                + " texts as strings (a client that splits long texts by tokens has a switch for it,"
                                + " e.g. LangChain's check_embedding_ctx_length=False)");
            } else {
                throw InputException.badRequest(
                        FIELD + "[" + i + "]", FIELD + "[" + i + "] must be a string, not " + kind(item));
            }
        }
        return texts;
    }

    private static boolean isTokens(JsonNode node) {
        return node != null && node.isIntegralNumber();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
