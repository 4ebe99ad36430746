package dev.multimodal.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.funqy.lambda.FunqyStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The handler AWS's Java runtime calls ({@code dev.multimodal.lambda.FunctionHandler::handleRequest}
 * in the SAM templates): Funqy's own stream handler, for the function that
 * {@code QUARKUS_FUNQY_EXPORT} names, plus the one refusal Funqy cannot leave to the function: an
 * event that does not bind to the function's request (a field of the wrong JSON type) is answered
 * as a {@link Refusal} 400 naming the field, like the HTTP binding's, not a function error that
 * Lambda would retry. Lambda itself refuses a payload that is not JSON before the function runs.
 */
public class FunctionHandler implements RequestStreamHandler {

    private final FunqyStreamHandler funqy = new FunqyStreamHandler();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        try {
            funqy.handleRequest(new ByteArrayInputStream(event), output, context);
        } catch (IOException | RuntimeException e) {
            // Funqy's event reader wraps Jackson's error in an IllegalArgumentException. Only a read
            // error is the caller's: a response that cannot be written is ours, a function error.
            JsonProcessingException unbound = cause(e, MismatchedInputException.class);
            if (unbound == null) {
                unbound = cause(e, StreamReadException.class);
            }
            if (unbound != null) {
                output.write(RefusalInterceptor.json(unreadable(unbound)).getBytes(StandardCharsets.UTF_8));
                return;
            }
            // Funqy wraps what the function threw; Lambda reports the error's own type
            Overloaded overloaded = cause(e, Overloaded.class);
            if (overloaded != null) {
                throw overloaded;
            }
            throw e;
        }
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static Refusal unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = field(mapping);
            return new Refusal(400, "field '" + field + "' has the wrong JSON type", field, null);
        }
        return new Refusal(400, "the event is not a JSON object of this function's request", "body", null);
    }

    private static String field(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
