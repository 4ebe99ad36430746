package dev.multimodal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.refusal.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What a graph's declared inputs cannot say but its manifest can: a text graph's token ids lie
 * within its tokenizer's vocabulary and its sequences within the model's maximum; a detector's
 * sides are multiples of its stride; a recogniser's lines no wider than its maximum. A value the
 * graph would index out of range is refused here with a 400 rather than failing inside ONNX Runtime.
 */
final class OipGraphRules {

    /** BERT's segment embedding has two rows: sentence A and sentence B. */
    private static final int TOKEN_TYPES = 2;

    private interface Rule {
        void check(OipRequest.Input input, long[] values, String field);
    }

    private final Map<String, Rule> rules = new HashMap<>();

    private OipGraphRules() {}

    /** A graph whose manifest adds nothing to its declared inputs. */
    static OipGraphRules none() {
        return new OipGraphRules();
    }

    /** @param role the graph's file role: "model", "text", "detection"... */
    static OipGraphRules of(ModelManifest manifest, String role) {
        OipGraphRules graph = new OipGraphRules();
        if (manifest.text() != null
                && role.equals(manifest.graphOf("inputIds"))
                && manifest.tensor("inputIds") != null) {
            int maxTokens = manifest.text().maxTokens();
            long vocabulary = manifest.file("tokenizer").isPresent() ? vocabularySize(manifest.path("tokenizer")) : -1;
            graph.rules.put(manifest.tensor("inputIds"), (input, values, field) -> {
                sequence(input, maxTokens, field);
                if (vocabulary > 0) {
                    range(values, 0, vocabulary, field, "token ids of " + manifest.id() + " (its vocabulary size)");
                }
            });
            if (manifest.tensor("attentionMask") != null) {
                graph.rules.put(manifest.tensor("attentionMask"), (input, values, field) -> {
                    sequence(input, maxTokens, field);
                    range(values, 0, 2, field, "attention mask values (0 or 1)");
                });
            }
            if (manifest.tensor("tokenTypeIds") != null) {
                graph.rules.put(manifest.tensor("tokenTypeIds"), (input, values, field) -> {
                    sequence(input, maxTokens, field);
                    range(values, 0, TOKEN_TYPES, field, "token type ids (0 or 1)");
                });
            }
        }
        if (manifest.ocr() != null && role.equals("detection") && manifest.tensor("detectionInput") != null) {
            int multiple = manifest.ocr().multiple();
            graph.rules.put(manifest.tensor("detectionInput"), (input, values, field) -> {
                for (int d = input.shape().length - 2; d >= 0 && d < input.shape().length; d++) {
                    if (input.shape()[d] % multiple != 0) {
                        throw InputException.badRequest(
                                field + ".shape",
                                field + ".shape[" + d + "] is " + input.shape()[d]
                                        + "; the detector's sides must be multiples of " + multiple);
                    }
                }
            });
        }
        if (manifest.ocr() != null && role.equals("recognition") && manifest.tensor("recognitionInput") != null) {
            int maxWidth = manifest.ocr().recMaxWidth();
            graph.rules.put(manifest.tensor("recognitionInput"), (input, values, field) -> {
                long width = input.shape()[input.shape().length - 1];
                if (width > maxWidth) {
                    throw InputException.badRequest(
                            field + ".shape",
                            field + ".shape's width is " + width + "; the recogniser takes lines at most " + maxWidth
                                    + " wide");
                }
            });
        }
        return graph;
    }

    /** @param values the input's values when it is integral (else null) */
    void check(OipRequest.Input input, long[] values, String field) {
        Rule rule = rules.get(input.name());
        if (rule != null) {
            rule.check(input, values, field);
        }
    }

    private static void sequence(OipRequest.Input input, int maxTokens, String field) {
        long length = input.shape()[input.shape().length - 1];
        if (length > maxTokens) {
            throw InputException.badRequest(
                    field + ".shape",
                    field + " is a sequence of " + length + " tokens; the model takes at most " + maxTokens);
        }
    }

    private static void range(long[] values, long from, long to, String field, String what) {
        if (values == null) {
            return; // not an integer tensor: the datatype check has already refused it
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] < from || values[i] >= to) {
                throw InputException.badRequest(
                        field + ".data",
                        field + ".data[" + i + "] is " + values[i] + "; " + what + " must be at least " + from
                                + " and below " + to);
            }
        }
    }

    /** One more than the highest id in a tokenizer.json's vocabulary and its added tokens. */
    static long vocabularySize(Path tokenizerJson) {
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(tokenizerJson));
            long highest = -1;
            JsonNode vocab = root.path("model").path("vocab");
            if (vocab.isObject()) {
                for (Iterator<JsonNode> ids = vocab.elements(); ids.hasNext(); ) {
                    highest = Math.max(highest, ids.next().asLong(-1));
                }
            } else if (vocab.isArray()) {
                highest = vocab.size() - 1; // unigram: [token, score] pairs, ids by position
            }
            for (JsonNode added : root.path("added_tokens")) {
                highest = Math.max(highest, added.path("id").asLong(-1));
            }
            return highest + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the vocabulary of " + tokenizerJson, e);
        }
    }
}
