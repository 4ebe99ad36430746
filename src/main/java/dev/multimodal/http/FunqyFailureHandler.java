package dev.multimodal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.refusal.Echo;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Turns every failure on the function routes (HTTP and CloudEvents alike) into a JSON answer
 * {@code {"error": ..., "field": ...}}: bad input 400/413/415/422, overload 503 with Retry-After,
 * anything else a 500 without a stack trace. Funqy rejects unreadable bodies with a bare 400, so
 * the body is read again here to say which field was wrong.
 */
@ApplicationScoped
public class FunqyFailureHandler {

    private static final Logger LOG = Logger.getLogger(FunqyFailureHandler.class.getName());

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(-1000).failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        Throwable failure = FailureStatuses.unwrap(ctx.failure());
        String formLimit = formLimit(ctx.failure());
        if (!((HttpServerRequestInternal) ctx.request()).isValidAuthority()
                && ctx.request().version() != HttpVersion.HTTP_1_0) {
            // Vert.x Web refuses the request before any route; without this it read as an empty body
            boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
            write(
                    ctx,
                    400,
                    http2 ? ":authority" : "Host",
                    http2
                            ? "an HTTP/2 request needs the :authority pseudo-header"
                            : "an HTTP/1.1 request needs a Host header (RFC 9112 §3.2)");
        } else if (formLimit != null) {
            write(ctx, 413, "body", "the form is over the limit of " + formLimit);
        } else if (failure instanceof JsonProcessingException e) {
            write(ctx, JsonErrorMessages.describe(e, "data"));
        } else if (failure == null) {
            byStatus(ctx, ctx.statusCode());
        } else if (isForm(ctx)) {
            writeFormRefused(ctx);
        } else if (emptyBody(ctx)) {
            // Funqy dereferences a missing body; that is the caller's mistake, not ours
            write(ctx, 400, "body", RequestGuard.emptyBody(ctx));
        } else {
            write(ctx, FailureStatuses.answer(failure, ctx.request().path()));
        }
    }

    /**
     * The setting a multipart form broke, when Vert.x (Netty) refused it while reading: too many
     * fields, or one field too long. Without this the request looked bodiless.
     */
    private static String formLimit(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            if (name.endsWith("TooManyFormFieldsException")) {
                return "quarkus.http.limits.max-form-fields";
            }
            if (name.endsWith("TooLongFormFieldException")
                    || message.contains("Size exceed allowed maximum capacity")) {
                return "quarkus.http.limits.max-form-attribute-size";
            }
        }
        return null;
    }

    private void byStatus(RoutingContext ctx, int status) {
        String path = ctx.request().path();
        switch (status) {
            case 400 -> reparse(ctx);
            case 404 ->
                write(
                        ctx,
                        404,
                        ctx.request().headers().contains("ce-type") ? "ce-type" : "path",
                        ctx.request().headers().contains("ce-type")
                                ? "no function consumes CloudEvent type "
                                        + Echo.quoted(ctx.request().getHeader("ce-type"))
                                : "no function at " + Echo.bounded(path));
            case 405 -> write(ctx, 405, "method", "use POST with a JSON body");
            case 406, 415 ->
                write(
                        ctx,
                        415,
                        "Content-Type",
                        "Content-Type must be application/json, or a "
                                + "CloudEvent (binary with ce-* headers, or application/cloudevents+json); got '"
                                + Echo.bounded(ctx.request().getHeader("Content-Type")) + "'");
            case 413 ->
                write(
                        ctx,
                        413,
                        "body",
                        "the request body is larger than the limit of " + "quarkus.http.limits.max-body-size");
            default -> write(ctx, status < 400 ? 500 : status, null, "request failed with status " + status);
        }
    }

    private static boolean emptyBody(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.POST
                && (ctx.body() == null
                        || ctx.body().buffer() == null
                        || ctx.body().buffer().length() == 0);
    }

    /** Funqy gave a bare 400 for a body it could not bind: bind it again to say why. */
    private static boolean isForm(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * Vert.x refuses a form over its limits with a bare 400, or a failure naming no limit, before
     * any resource sees it; without this it read as "the request body is empty".
     */
    private void writeFormRefused(RoutingContext ctx) {
        write(
                ctx,
                413,
                "body",
                "the form could not be read whole: a field is over "
                        + "quarkus.http.limits.max-form-attribute-size or the form over quarkus.http.limits.max-form-fields");
    }

    private void reparse(RoutingContext ctx) {
        if (isForm(ctx)) {
            writeFormRefused(ctx);
            return;
        }
        if (emptyBody(ctx)) {
            write(ctx, 400, "body", RequestGuard.emptyBody(ctx));
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
            write(ctx, JsonErrorMessages.describe(e, "body"));
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
        return invokers.stream()
                .filter(i -> i.getName().equals(name))
                .findFirst()
                .orElse(null);
    }

    private void write(RoutingContext ctx, int status, String field, String message) {
        if (OpenAiErrors.covers(ctx.request().path())) {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(mapper.valueToTree(OpenAiErrors.body(new FailureStatuses.Answer(status, message, field, 0)))
                            .toString());
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toString());
    }

    private void write(RoutingContext ctx, FailureStatuses.Answer answer) {
        if (answer.retryAfterSeconds() > 0) {
            ctx.response().putHeader("Retry-After", Integer.toString(answer.retryAfterSeconds()));
        }
        write(ctx, answer.status(), answer.field(), answer.error());
    }
}
