package dev.multimodal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.multimodal.refusal.Echo;
import java.util.Collection;

/** Says, for a body Jackson could not read, which field was wrong and how: a 400 (413 past a size constraint). */
final class JsonErrorMessages {

    private JsonErrorMessages() {}

    static FailureStatuses.Answer describe(JsonProcessingException e, String wholeBody) {
        if (e instanceof FiniteJsonNumbers.NonFiniteNumberException) {
            // not the body read but the answer written: ours to fix, a 500 with an id in the log
            return FailureStatuses.answer(e, "response");
        }
        if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
            return new FailureStatuses.Answer(
                    413,
                    "the " + wholeBody + " holds a value over the JSON reader's limits: " + e.getOriginalMessage(),
                    wholeBody,
                    0);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = Echo.bounded(path(mapping));
            String detail = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? "has the wrong JSON type (expected " + jsonType(mismatch.getTargetType()) + ")"
                    : "could not be read: " + e.getOriginalMessage();
            return new FailureStatuses.Answer(400, "field '" + field + "' " + detail, field, 0);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FailureStatuses.Answer(
                    400, "the " + wholeBody + " must be a JSON " + jsonType(mismatch.getTargetType()), wholeBody, 0);
        }
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        return new FailureStatuses.Answer(
                400, "the " + wholeBody + " is not valid JSON" + where + ": " + e.getOriginalMessage(), wholeBody, 0);
    }

    private static String path(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String jsonType(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        return "object";
    }
}
