package dev.multimodal.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.settings.Keys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the body of an OIP v2 {@code infer} request with a streaming parser, so that a tensor's
 * values land in a primitive array (not one boxed object each) and a request past the element limit
 * is refused as soon as the parser reaches that far. The JSON is strict: no duplicate keys, no
 * trailing tokens, no unknown fields, no strings where numbers belong. Every failure is an
 * {@link InputException} naming the field.
 */
final class OipRequestReader {

    static final String MAX_ELEMENTS_SETTING = Keys.OIP_MAX_INPUT_ELEMENTS;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .maxStringLength(64 * 1024)
                    .build())
            .build();
    private static final int MAX_DIMENSIONS = 8;

    private final long maxElements;
    private long elementsSeen;

    private OipRequestReader(long maxElements) {
        this.maxElements = maxElements;
    }

    /** @param maxElements the values all inputs may hold together (413 past it) */
    static OipRequest read(byte[] body, long maxElements) {
        if (blank(body)) {
            throw InputException.badRequest(
                    "body",
                    "the request body is empty: send an OIP v2 inference request "
                            + "{\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
        }
        try (JsonParser parser = JSON.createParser(body)) {
            OipRequest request = new OipRequestReader(maxElements).request(parser);
            if (parser.nextToken() != null) {
                throw InputException.badRequest("body", "the body holds more JSON after the request object");
            }
            return request;
        } catch (InputException e) {
            throw e;
        } catch (StreamConstraintsException e) {
            throw InputException.tooLarge("body", "the body is past a JSON parser limit: " + e.getOriginalMessage());
        } catch (InputCoercionException e) {
            throw InputException.badRequest("body", "a number in the body is out of range: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw InputException.badRequest("body", "the body is not valid JSON: " + e.getOriginalMessage() + where(e));
        } catch (IOException | RuntimeException e) {
            throw InputException.badRequest("body", "the body could not be read as JSON");
        }
    }

    private static boolean blank(byte[] body) {
        if (body != null) {
            for (byte b : body) {
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return false;
                }
            }
        }
        return true;
    }

    private static String where(JsonParseException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    private OipRequest request(JsonParser p) throws IOException {
        OipTokens.expect(p.nextToken(), JsonToken.START_OBJECT, "body", "a JSON object");
        String id = null;
        List<OipRequest.Input> inputs = null;
        List<String> outputs = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            switch (key) {
                case "id" -> id = OipTokens.string(p, value, "id");
                case "inputs" -> inputs = inputs(p, value);
                case "outputs" -> outputs = outputs(p, value);
                case "parameters" -> OipTokens.skipObject(p, value, "parameters");
                default ->
                    throw InputException.badRequest(
                            Echo.bounded(key),
                            "unknown field " + Echo.quoted(key)
                                    + ": an inference request has id, inputs, outputs and parameters");
            }
        }
        if (inputs == null || inputs.isEmpty()) {
            throw InputException.badRequest("inputs", "inputs is required: [{name, shape, datatype, data}]");
        }
        return new OipRequest(id, inputs, outputs);
    }

    private List<OipRequest.Input> inputs(JsonParser p, JsonToken value) throws IOException {
        OipTokens.expect(value, JsonToken.START_ARRAY, "inputs", "an array of tensors");
        List<OipRequest.Input> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            String field = "inputs[" + inputs.size() + "]";
            OipRequest.Input input = input(p, token, field);
            if (!names.add(input.name())) {
                throw InputException.badRequest(
                        field + ".name",
                        field + ".name " + Echo.quoted(input.name()) + " is given twice; each input once");
            }
            inputs.add(input);
        }
        return inputs;
    }

    private OipRequest.Input input(JsonParser p, JsonToken token, String field) throws IOException {
        OipTokens.expect(token, JsonToken.START_OBJECT, field, "a tensor object {name, shape, datatype, data}");
        String name = null;
        String datatype = null;
        long[] shape = null;
        OipValues data = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            switch (key) {
                case "name" -> name = OipTokens.string(p, value, field + ".name");
                case "datatype" -> datatype = OipTokens.string(p, value, field + ".datatype");
                case "shape" -> shape = shape(p, value, field + ".shape");
                case "data" -> {
                    OipTokens.expect(value, JsonToken.START_ARRAY, field + ".data", "an array of numbers");
                    data = new OipValues();
                    values(p, data, field + ".data", 1);
                }
                case "parameters" -> OipTokens.skipObject(p, value, field + ".parameters");
                default ->
                    throw InputException.badRequest(
                            field + "." + Echo.bounded(key),
                            "unknown field "
                                    + Echo.quoted(key) + " in " + field
                                    + ": a tensor has name, shape, datatype, data and parameters");
            }
        }
        for (String[] required : new String[][] {{"name", name}, {"datatype", datatype}}) {
            if (required[1] == null) {
                throw InputException.badRequest(field + "." + required[0], field + "." + required[0] + " is required");
            }
        }
        if (shape == null) {
            throw InputException.badRequest(field + ".shape", field + ".shape is required");
        }
        if (data == null) {
            throw InputException.badRequest(field + ".data", field + ".data is required");
        }
        return data.toInput(name, datatype, shape);
    }

    /** Dimensions of at least 1 whose product stays within the limit: never an overflowing count. */
    private long[] shape(JsonParser p, JsonToken value, String field) throws IOException {
        OipTokens.expect(value, JsonToken.START_ARRAY, field, "an array of integers, e.g. [1, 4]");
        long[] shape = new long[MAX_DIMENSIONS];
        int rank = 0;
        long product = 1;
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw InputException.badRequest(field, field + " must hold integers only");
            }
            if (rank == MAX_DIMENSIONS) {
                throw InputException.badRequest(field, field + " has more than " + MAX_DIMENSIONS + " dimensions");
            }
            long d = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE : p.getLongValue();
            if (d < 1) {
                throw InputException.badRequest(
                        field, field + "[" + rank + "] is " + d + "; each dimension must be at least 1");
            }
            if (d > maxElements || product > maxElements / d) {
                throw InputException.tooLarge(
                        field,
                        field + " needs more than " + maxElements + " values; the limit is " + maxElements + " ("
                                + MAX_ELEMENTS_SETTING + ")");
            }
            product *= d;
            shape[rank++] = d;
        }
        if (rank == 0) {
            throw InputException.badRequest(field, field + " is empty; a tensor has at least one dimension");
        }
        return Arrays.copyOf(shape, rank);
    }

    /** Numbers, flattened from any nesting (row-major, as the protocol allows). */
    private void values(JsonParser p, OipValues into, String field, int depth) throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            switch (token) {
                case VALUE_NUMBER_INT -> {
                    count(field);
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw InputException.badRequest(
                                field, field + " holds " + p.getText() + ", past the INT64 range");
                    }
                    into.add(p.getLongValue());
                }
                case VALUE_NUMBER_FLOAT -> {
                    count(field);
                    double v = p.getDoubleValue();
                    if (!Double.isFinite(v)) {
                        throw InputException.badRequest(
                                field, field + " holds " + p.getText() + ", which is not a finite number");
                    }
                    into.add(v);
                }
                case START_ARRAY -> {
                    if (depth >= MAX_DIMENSIONS) {
                        throw InputException.badRequest(field, field + " is nested deeper than " + MAX_DIMENSIONS);
                    }
                    values(p, into, field, depth + 1);
                }
                default ->
                    throw InputException.badRequest(
                            field, field + " must hold numbers only, not " + OipTokens.describe(token));
            }
        }
    }

    private void count(String field) {
        if (++elementsSeen > maxElements) {
            throw InputException.tooLarge(
                    field,
                    "the inputs hold more than " + maxElements + " values; the limit is " + maxElements + " ("
                            + MAX_ELEMENTS_SETTING + ")");
        }
    }

    private static List<String> outputs(JsonParser p, JsonToken value) throws IOException {
        OipTokens.expect(value, JsonToken.START_ARRAY, "outputs", "an array of {\"name\": ...}");
        List<String> names = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            String field = "outputs[" + names.size() + "]";
            OipTokens.expect(token, JsonToken.START_OBJECT, field, "an object {\"name\": ...}");
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                switch (key) {
                    case "name" -> name = OipTokens.string(p, v, field + ".name");
                    case "parameters" -> OipTokens.skipObject(p, v, field + ".parameters");
                    default ->
                        throw InputException.badRequest(
                                field + "." + Echo.bounded(key),
                                "unknown field " + Echo.quoted(key) + " in " + field
                                        + ": an output has name and parameters");
                }
            }
            if (name == null) {
                throw InputException.badRequest(field + ".name", field + ".name is required");
            }
            if (names.contains(name)) {
                throw InputException.badRequest(
                        field + ".name", field + ".name " + Echo.quoted(name) + " is asked for twice");
            }
            names.add(name);
        }
        return names;
    }
}
