package dev.multimodal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.runtime.InputException;
import dev.multimodal.runtime.OverloadedException;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns every failure on the function routes (HTTP and CloudEvents alike) into a JSON answer
 * {@code {"error": ..., "field": ...}}: bad input 400/413/415/422, overload 503 with Retry-After,
 * anything else a 500 without a stack trace. Funqy rejects unreadable bodies with a bare 400, so
 * the body is read again here to say which field was wrong.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(-1000).failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        Throwable failure = unwrap(ctx.failure());
        if (failure instanceof InputException e) {
            write(ctx, e.status(), e.field(), e.getMessage());
        } else if (failure instanceof OverloadedException e) {
            ctx.response().putHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
            write(ctx, 503, null, e.getMessage());
        } else if (failure instanceof JsonProcessingException e) {
            describeJsonError(ctx, e, "data");
        } else if (failure instanceof java.io.CharConversionException) { // found by RequestBindingFuzzTest
            write(ctx, 400, "body", "the request body is not JSON text in UTF-8, UTF-16 or UTF-32");
        } else if (failure == null) {
            byStatus(ctx, ctx.statusCode());
        } else if (emptyBody(ctx)) {
            // Funqy dereferences a missing body; that is the caller's mistake, not ours
            write(ctx, 400, "body", "the request body is empty: send a JSON object");
        } else {
            LOG.errorf(failure, "request to %s failed", ctx.request().path());
            write(ctx, 500, null, "internal error: " + failure.getClass().getSimpleName());
        }
    }

    private void byStatus(RoutingContext ctx, int status) {
        String path = ctx.request().path();
        switch (status) {
            case 400 -> reparse(ctx);
            case 404 -> write(ctx, 404, ctx.request().headers().contains("ce-type") ? "ce-type" : "path",
                    ctx.request().headers().contains("ce-type")
                            ? "no function consumes CloudEvent type '" + ctx.request().getHeader("ce-type") + "'"
                            : "no function at " + path);
            case 405 -> write(ctx, 405, "method", "use POST with a JSON body");
            case 406, 415 -> write(ctx, 415, "Content-Type", "Content-Type must be application/json, or a "
                    + "CloudEvent (binary with ce-* headers, or application/cloudevents+json); got '"
                    + ctx.request().getHeader("Content-Type") + "'");
            case 413 -> write(ctx, 413, "body", "the request body is larger than the limit of "
                    + "quarkus.http.limits.max-body-size");
            default -> write(ctx, status < 400 ? 500 : status, null, "request failed with status " + status);
        }
    }

    private static boolean emptyBody(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.POST && (ctx.body() == null || ctx.body().buffer() == null
                || ctx.body().buffer().length() == 0);
    }

    /** Funqy gave a bare 400 for a body it could not bind: bind it again to say why. */
    private void reparse(RoutingContext ctx) {
        if (emptyBody(ctx)) {
            write(ctx, 400, "body", "the request body is empty: send a JSON object");
            return;
        }
        Buffer body = ctx.body().buffer();
        FunctionInvoker invoker = invokerFor(ctx.request().path());
        try {
            mapper.readTree(body.getBytes()); // syntax first: a cut-off body is not a type error
            if (invoker != null && invoker.hasInput()) {
                mapper.readValue(body.getBytes(), mapper.constructType(invoker.getInputType()));
            } else {
                mapper.readTree(body.getBytes());
            }
            write(ctx, 400, "body", "the request body could not be read");
        } catch (JsonProcessingException e) {
            describeJsonError(ctx, e, "body");
        } catch (Exception e) {
            write(ctx, 400, "body", "the request body could not be read: " + e.getMessage());
        }
    }

    private static FunctionInvoker invokerFor(String path) {
        if (path == null || path.length() < 2) {
            return null;
        }
        Collection<FunctionInvoker> invokers = FunctionRecorder.registry.invokers();
        String name = path.substring(1);
        return invokers.stream().filter(i -> i.getName().equals(name)).findFirst().orElse(null);
    }

    private void describeJsonError(RoutingContext ctx, JsonProcessingException e, String wholeBody) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            String expected = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? " (expected " + jsonType(mismatch.getTargetType()) + ")" : "";
            write(ctx, 400, field, "field '" + field + "' has the wrong JSON type" + expected);
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            write(ctx, 400, wholeBody, "the " + wholeBody + " must be a JSON " + jsonType(mismatch.getTargetType()));
        } else {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            write(ctx, 400, wholeBody, "the " + wholeBody + " is not valid JSON" + where);
        }
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

    private void write(RoutingContext ctx, int status, String field, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current != null && current.getCause() != null && current.getCause() != current
                && (current instanceof CompletionException || current instanceof ExecutionException
                || current instanceof InvocationTargetException || current instanceof UncheckedIOException
                || current.getClass().getName().startsWith("io.quarkus.funqy.runtime."))) {
            current = current.getCause();
        }
        return current;
    }
}
