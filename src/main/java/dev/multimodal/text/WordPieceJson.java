package dev.multimodal.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code tokenizer.json} into an {@link AsciiWordPiece}, when it is one that class
 * reproduces exactly: a {@code BertNormalizer} that cleans and lowercases, the
 * {@code BertPreTokenizer}, a {@code WordPiece} model, and a post-processor that frames one sequence
 * with special tokens. Null for any other.
 */
final class WordPieceJson {

    private WordPieceJson() {}

    /**
     * The tokenizer at {@code tokenizerJson}, or null when it is not one this class reproduces
     * exactly. The file is streamed: its vocabulary goes straight into the map, and only the small
     * sections are read as trees (a whole tree of the 700 KB file took 0.5 s in a cold JVM, this 0.14 s).
     */
    static AsciiWordPiece read(Path tokenizerJson) {
        // 30,000 distinct field names: interning them is most of a plain parse's time
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .build());
        try (JsonParser parser = mapper.getFactory().createParser(tokenizerJson.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode sections = mapper.createObjectNode();
            Map<String, Integer> vocab = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("model")) {
                    ObjectNode model = mapper.createObjectNode();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        parser.nextToken();
                        if (key.equals("vocab") && parser.currentToken() == JsonToken.START_OBJECT) {
                            vocab = readVocab(parser);
                        } else {
                            model.set(key, mapper.readTree(parser));
                        }
                    }
                    sections.set(field, model);
                } else if (SECTIONS.contains(field)) {
                    sections.set(field, mapper.readTree(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return vocab == null ? null : of(sections, vocab);
        } catch (IOException | RuntimeException e) {
            return null; // the Rust tokenizer reads the file, and reports what is wrong with it
        }
    }

    private static final Set<String> SECTIONS = Set.of("normalizer", "pre_tokenizer", "post_processor", "added_tokens");

    private static Map<String, Integer> readVocab(JsonParser parser) throws IOException {
        Map<String, Integer> vocab = new HashMap<>(65_536);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String piece = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new IOException("the vocabulary maps '" + piece + "' to a " + parser.currentToken());
            }
            vocab.put(piece, parser.getIntValue());
        }
        return vocab;
    }

    /** From a whole {@code tokenizer.json} tree (tests). */
    static AsciiWordPiece of(JsonNode json) {
        Map<String, Integer> vocab = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        json.path("model").path("vocab").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().canConvertToInt()) {
                return null;
            }
            vocab.put(entry.getKey(), entry.getValue().asInt());
        }
        return of(json, vocab);
    }

    private static AsciiWordPiece of(JsonNode json, Map<String, Integer> vocab) {
        JsonNode normalizer = json.path("normalizer");
        JsonNode model = json.path("model");
        if (!normalizer.path("type").asText().equals("BertNormalizer")
                || !normalizer.path("clean_text").asBoolean(false)
                || !normalizer.path("lowercase").asBoolean(false)
                || !json.path("pre_tokenizer").path("type").asText().equals("BertPreTokenizer")
                || !model.path("type").asText().equals("WordPiece")
                || vocab.isEmpty()) {
            return null;
        }
        Integer unknown = vocab.get(model.path("unk_token").asText("[UNK]"));
        List<long[]> frame = frame(json.path("post_processor"));
        List<String> added = new ArrayList<>();
        for (JsonNode token : json.path("added_tokens")) {
            String content = token.path("content").asText("");
            if (!content.isEmpty()) {
                added.add(content.toLowerCase(Locale.ROOT));
            }
        }
        if (unknown == null || frame == null) {
            return null;
        }
        return new AsciiWordPiece(
                vocab,
                unknown,
                model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100),
                frame.get(0),
                frame.get(1),
                added);
    }

    /** The special tokens before and after a single sequence, or null for a post-processor not read here. */
    private static List<long[]> frame(JsonNode processor) {
        String type = processor.path("type").asText();
        if (type.equals("BertProcessing")) {
            JsonNode cls = processor.path("cls");
            JsonNode sep = processor.path("sep");
            if (!cls.path(1).canConvertToInt() || !sep.path(1).canConvertToInt()) {
                return null;
            }
            return List.of(
                    new long[] {cls.path(1).asLong()}, new long[] {sep.path(1).asLong()});
        }
        if (!type.equals("TemplateProcessing")) {
            return null;
        }
        List<Long> before = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        boolean sequenceSeen = false;
        for (JsonNode piece : processor.path("single")) {
            if (piece.has("Sequence")) {
                if (sequenceSeen || !piece.path("Sequence").path("id").asText().equals("A")) {
                    return null;
                }
                sequenceSeen = true;
            } else if (piece.has("SpecialToken")) {
                JsonNode ids = processor
                        .path("special_tokens")
                        .path(piece.path("SpecialToken").path("id").asText())
                        .path("ids");
                if (!ids.isArray() || ids.isEmpty()) {
                    return null;
                }
                for (JsonNode id : ids) {
                    (sequenceSeen ? after : before).add(id.asLong());
                }
            } else {
                return null;
            }
        }
        if (!sequenceSeen) {
            return null;
        }
        return List.of(
                before.stream().mapToLong(Long::longValue).toArray(),
                after.stream().mapToLong(Long::longValue).toArray());
    }
}
