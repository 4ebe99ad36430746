package dev.multimodal.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.multimodal.refusal.InputException;
import java.io.IOException;

/** The token checks of {@link OipRequestReader}: each wrong token is a 400 naming the field and what it must be. */
final class OipTokens {

    private OipTokens() {}

    static String string(JsonParser p, JsonToken value, String field) throws IOException {
        expect(value, JsonToken.VALUE_STRING, field, "a string");
        return p.getText();
    }

    static void skipObject(JsonParser p, JsonToken value, String field) throws IOException {
        expect(value, JsonToken.START_OBJECT, field, "an object");
        p.skipChildren();
    }

    static void expect(JsonToken actual, JsonToken wanted, String field, String what) {
        if (actual != wanted) {
            throw InputException.badRequest(field, field + " must be " + what + ", not " + describe(actual));
        }
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the body";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }
}
