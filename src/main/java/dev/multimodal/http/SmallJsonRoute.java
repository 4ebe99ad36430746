package dev.multimodal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A JSON endpoint's small requests served where they arrive: read, parsed and started on the event
 * loop, and answered there when the work completes, with no hand-over to a worker thread and back.
 * Those hand-overs were most of a short text's thread wake-ups: at 16 clients a {@code /v1/embeddings}
 * request under RESTEasy's blocking dispatch woke threads 7.2 times, encode-text's under Funqy 3.5, and
 * 1.3-1.4 times on this route (docs/benchmarks.md, issue 25's fourth pass).
 * <p>
 * A request is taken from its headers alone, before a byte of its body is read: {@code POST}, the
 * {@code Content-Type} {@code application/json}, a {@code Content-Length} of at most
 * {@link RequestGuard#PARSE_ON_EVENT_LOOP_BYTES} (below which function bodies were already parsed on
 * the event loop), no {@code Expect}, no {@code Transfer-Encoding} and no {@code ce-} header (a
 * binary-mode CloudEvent), an {@code Accept} that allows JSON, and the route's path exactly as sent.
 * Any other request goes on to the endpoint's own route (its JAX-RS resource, or Funqy's), which serves
 * it on a worker thread as before.
 * <p>
 * Both answer alike: the same {@link ObjectMapper} (strict JSON, the fast float writer), the same
 * UTF-8 check, the same statuses ({@link FailureStatuses}) in the same shapes ({@link OpenAiErrors} on
 * OpenAI's paths). The work starts inside a request context whose current request is this one, so
 * that its cancellation when the client leaves, and its place in the memory account, are taken as on
 * the other route.
 *
 * @param <Q> the request record
 * @param <A> the answer, written as JSON with status 200
 */
public final class SmallJsonRoute<Q, A> implements Handler<RoutingContext> {

    /** Starts the work for a request; {@code null} when the body held only whitespace. */
    @FunctionalInterface
    public interface Work<Q, A> {
        CompletionStage<A> start(Q request);
    }

    private final Class<Q> type;
    private final Work<Q, A> work;
    private final ObjectMapper mapper;
    private final CurrentVertxRequest current;
    private final boolean syntaxFirst;

    public SmallJsonRoute(Class<Q> type, Work<Q, A> work, ObjectMapper mapper, CurrentVertxRequest current) {
        this(type, work, mapper, current, false);
    }

    /**
     * @param syntaxFirst whether a body that is not JSON at all is refused as such before a field's
     *                    type is judged (Funqy's routes answer so: a cut-off body names the body, not
     *                    the field it was cut in); the JAX-RS resources name the field
     */
    public SmallJsonRoute(
            Class<Q> type, Work<Q, A> work, ObjectMapper mapper, CurrentVertxRequest current, boolean syntaxFirst) {
        this.type = type;
        this.work = work;
        this.mapper = mapper;
        this.current = current;
        this.syntaxFirst = syntaxFirst;
    }

    /** Whether the request is one to serve here, from its headers. */
    public static boolean takes(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null
                || isEvent(request)
                || request.getHeader("Expect") != null
                || request.getHeader("Transfer-Encoding") != null
                || !isPlainJson(request.getHeader("Content-Type"))
                || !acceptsJson(request.getHeader("Accept"))) {
            return false;
        }
        try {
            long bytes = Long.parseLong(length.trim());
            return bytes > 0 && bytes <= RequestGuard.PARSE_ON_EVENT_LOOP_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * {@code application/json}, with any parameters, spelled as the other routes take it: Funqy
     * compares the type case-sensitively, so {@code APPLICATION/JSON} goes on to its 415.
     */
    private static boolean isPlainJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .equals("application/json");
    }

    /** No {@code Accept}, or one that names JSON or a wildcard; any other goes on to the resource's 406/415. */
    private static boolean acceptsJson(String accept) {
        return accept == null
                || accept.isBlank()
                || accept.contains("application/json")
                || accept.contains("*/*")
                || accept.contains("application/*");
    }

    /** A binary-mode CloudEvent: its {@code ce-} headers are the function route's to read. */
    private static boolean isEvent(HttpServerRequest request) {
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (name.length() > 3 && name.regionMatches(true, 0, "ce-", 0, 3)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // the path as sent, not as the router normalised it: "/encode-text/" or "//v1/embeddings" go on
        // to the other route, which answers them as it always has
        if (!ctx.request().path().equals(ctx.currentRoute().getPath()) || !takes(ctx.request())) {
            ctx.next();
            return;
        }
        RequestBody read = ctx.body();
        if (read != null && read.buffer() != null || ctx.request().isEnded()) {
            // a body handler before this route read it (function routes). Over HTTP/2 the request may
            // not look ended yet when that handler passes it on: reading it again would wait forever
            serve(ctx, read == null || read.buffer() == null ? Buffer.buffer() : read.buffer());
            return;
        }
        HttpServerRequest request = ctx.request();
        int declared = Integer.parseInt(request.getHeader("Content-Length").trim()); // takes() parsed it
        Buffer body = Buffer.buffer(declared);
        request.exceptionHandler(e -> {}); // the connection went: there is no one to answer
        request.handler(chunk -> {
            if (body.length() + chunk.length() > declared) {
                // more than its Content-Length said (HTTP/2 lets a stream lie about it)
                answer(ctx, new FailureStatuses.Answer(400, "the body is longer than its Content-Length", "body", 0));
                request.handler(null);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(done -> {
            if (!ctx.response().ended()) {
                serve(ctx, body);
            }
        });
    }

    private void serve(RoutingContext ctx, Buffer body) {
        Utf8Check check = new Utf8Check();
        byte[] bytes = body.getBytes();
        long bad = check.feed(bytes, 0, bytes.length);
        if (bad < 0) {
            bad = check.finish();
        }
        if (bad >= 0) {
            answer(ctx, new FailureStatuses.Answer(400, Utf8Check.message(bad), "body", 0));
            return;
        }
        Q request;
        try {
            request = RequestGuard.blank(body) ? null : mapper.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            answer(ctx, JsonErrorMessages.describe(syntaxFirst ? syntaxError(bytes, e) : e, "body"));
            return;
        } catch (IOException e) {
            answer(ctx, FailureStatuses.answer(e, ctx.request().path()));
            return;
        }
        Context loop = Vertx.currentContext();
        start(ctx, request).whenComplete((result, failure) -> {
            if (Vertx.currentContext() == loop) {
                write(ctx, result, failure);
            } else {
                loop.runOnContext(v -> write(ctx, result, failure));
            }
        });
    }

    /** The body's syntax error if it has one, else {@code e} (a field of the wrong type). */
    private JsonProcessingException syntaxError(byte[] bytes, JsonProcessingException e) {
        try {
            mapper.readTree(bytes);
            return e;
        } catch (JsonProcessingException syntax) {
            return syntax;
        } catch (IOException other) {
            return e;
        }
    }

    /** Starts the work inside a request context whose current request is this one. */
    private CompletionStage<A> start(RoutingContext ctx, Q request) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            current.setCurrent(ctx);
            return work.start(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    private void write(RoutingContext ctx, A result, Throwable failure) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return; // the client left; its cancellation already stopped the work
        }
        if (failure != null) {
            Throwable cause = FailureStatuses.unwrap(failure);
            answer(
                    ctx,
                    cause instanceof JsonProcessingException json
                            ? JsonErrorMessages.describe(json, "body")
                            : FailureStatuses.answer(cause, ctx.request().path()));
            return;
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            answer(ctx, JsonErrorMessages.describe(e, "body"));
            return;
        }
        response.putHeader("Content-Type", "application/json").end(Buffer.buffer(json));
    }

    /** A failure, as {@link RestExceptionMappers} would answer it on this path. */
    private void answer(RoutingContext ctx, FailureStatuses.Answer answer) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        Object body = RestExceptionMappers.body(answer, ctx.request().path());
        if (answer.retryAfterSeconds() > 0) {
            response.putHeader("Retry-After", Integer.toString(answer.retryAfterSeconds()));
        }
        if (!ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2) {
            response.putHeader("Connection", "close"); // the rest of the body would be read as the next request
        }
        try {
            response.setStatusCode(answer.status())
                    .putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(mapper.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }
}
