package dev.multimodal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.admission.ImageAdmission;
import dev.multimodal.admission.ImageWork;
import dev.multimodal.refusal.Echo;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks what Funqy takes on trust before it reaches a function, and answers at once with the 4xx
 * the HTTP and CloudEvents specs imply: a wrong method (405), an empty body (400), a binary event
 * with a missing or unknown attribute (400) or non-JSON data (415), a structured event that is a
 * batch (415) or an array, lacks an attribute, or carries non-JSON data (400/415). A structured
 * event whose {@code data_base64} holds JSON is passed on with that JSON as its {@code data}.
 * {@code /v1} and {@code /v2} get the empty-body check too, so they never wait for a body that
 * will not come.
 */
@ApplicationScoped
public class RequestGuard {

    @Inject
    ObjectMapper mapper;

    @Inject
    ImageWork imageWork;

    @Inject
    ImageAdmission admission;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    /**
     * Function bodies up to this size are parsed on the event loop (a text request: quicker there);
     * larger ones (an image as base64, up to 27 MB) on the image threads, so that no event loop spends
     * its time on them while probes wait.
     */
    public static final int PARSE_ON_EVENT_LOOP_BYTES = 16 * 1024;

    /** Functions whose every request carries an image (or an imageUrl) to decode. */
    static final Set<String> IMAGE_FUNCTIONS = Set.of("read-text", "encode-image", "score-captions");

    private BodyHandler bodies;

    void install(@Observes Router router) {
        bodies = BodyHandler.create(false).setBodyLimit(maxBody.asLongValue()).setHandleFileUploads(false);
        router.route().order(-960).handler(this::readBody);
        router.route().order(-950).handler(this::check);
    }

    /** Reads a function request's body up front (Funqy's own body handler then skips), so it can be checked. */
    private void readBody(RoutingContext ctx) {
        if (isFunction(ctx) && ctx.request().method() == HttpMethod.POST) {
            bodies.handle(ctx);
        } else {
            ctx.next();
        }
    }

    private void check(RoutingContext ctx) {
        String path = ctx.request().path();
        HttpMethod method = ctx.request().method();
        if (isFunction(ctx)) {
            if (method != HttpMethod.POST) {
                ctx.response().putHeader("Allow", "POST");
                fail(
                        ctx,
                        405,
                        "method",
                        Echo.bounded(method) + " is not served at " + Echo.bounded(path)
                                + ": send POST with a JSON body or a CloudEvent");
                return;
            }
            Buffer body = ctx.body() == null ? null : ctx.body().buffer();
            if (body == null || blank(body)) {
                fail(ctx, 400, "body", emptyBody(ctx));
                return;
            }
            if (ctx.body().length() <= PARSE_ON_EVENT_LOOP_BYTES && refusedAsNotUtf8(ctx, body)) {
                return;
            }
            if (!checkEvent(ctx, body)) {
                return;
            }
            if (ctx.body().length() > PARSE_ON_EVENT_LOOP_BYTES) {
                // Funqy parses the body where it is called; a large one (an image as base64) is parsed
                // on the image threads, so that the event loops keep answering probes in a burst. While
                // the decoded-pixel budget is full no image fits, whatever its size: the refusal that the
                // header check would give after parsing is given before, here and when the task starts.
                // When as many requests wait for those threads as may, a new one is refused at once.
                boolean image = IMAGE_FUNCTIONS.contains(path.substring(1));
                // (a large body's UTF-8 is checked there too, off the event loop)
                if (!(image && refusedForRoom(ctx))
                        && !imageWork.tryRun(() -> {
                            if (!refusedAsNotUtf8(ctx, ctx.body().buffer()) && !(image && refusedForRoom(ctx))) {
                                ctx.next();
                            }
                        })) {
                    ctx.response().putHeader("Retry-After", Integer.toString(imageWork.retryAfterSeconds()));
                    fail(ctx, 503, null, imageWork.busyMessage());
                }
                return;
            }
        } else if (method == HttpMethod.POST
                && (path.startsWith("/v1/") || path.startsWith("/v2/"))
                && "0".equals(ctx.request().getHeader("Content-Length"))) {
            fail(ctx, 400, "body", "the request body is empty: send a JSON object");
            return;
        }
        ctx.next();
    }

    /**
     * Why a body is empty: none was sent, or (an HTTP/2 stream that ended before the bytes its
     * Content-Length announced, which Vert.x hands on without a body) it stopped short.
     */
    static String emptyBody(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        int received = body == null ? 0 : body.length();
        String announced = ctx.request().getHeader("Content-Length");
        long length = -1;
        try {
            length = announced == null ? -1 : Long.parseLong(announced.trim());
        } catch (NumberFormatException e) {
            // not a length: the decoder refuses it before here
        }
        if (length > received) {
            return "the request body is empty: " + received + " of the " + length
                    + " bytes its Content-Length announced arrived; send the whole JSON object with its true length";
        }
        return "the request body is empty: send a JSON object";
    }

    /** False when the request was refused (and answered). */
    private boolean checkEvent(RoutingContext ctx, Buffer body) {
        MultiMap headers = ctx.request().headers();
        boolean binary = headers.names().stream()
                .anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("ce-"));
        CloudEventCheck.Verdict verdict = CloudEventCheck.check(headers::get, binary, body::getBytes, mapper);
        if (verdict.refused()) {
            return fail(ctx, verdict.status(), verdict.field(), verdict.message());
        }
        if (verdict.body() != null) {
            ((RoutingContextInternal) ctx).setBody(Buffer.buffer(verdict.body()));
        }
        if (verdict.contentType() != null) {
            headers.set("Content-Type", verdict.contentType());
        }
        return true;
    }

    /** Answers 400 naming the body when it is not strict UTF-8 (see {@link Utf8Check}). */
    private boolean refusedAsNotUtf8(RoutingContext ctx, Buffer body) {
        Utf8Check check = new Utf8Check();
        byte[] chunk = new byte[8192];
        long bad = -1;
        for (int i = 0, n = body.length(); i < n && bad < 0; i += chunk.length) {
            int end = Math.min(n, i + chunk.length);
            body.getBytes(i, end, chunk, 0);
            bad = check.feed(chunk, 0, end - i);
        }
        if (bad < 0) {
            bad = check.finish();
        }
        if (bad < 0) {
            return false;
        }
        fail(ctx, 400, "body", Utf8Check.message(bad));
        return true;
    }

    /** Answers 503 with Retry-After when no image fits in the decoded-pixel budget now. */
    private boolean refusedForRoom(RoutingContext ctx) {
        if (admission.hasRoom()) {
            return false;
        }
        ctx.response().putHeader("Retry-After", Integer.toString(admission.retryAfterSeconds()));
        fail(ctx, 503, null, admission.noRoomMessage());
        return true;
    }

    /** Whether the body holds only JSON whitespace; it stops at the first other byte (most bodies: the first). */
    static boolean blank(Buffer body) {
        for (int i = 0, n = body.length(); i < n; i++) {
            byte b = body.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private boolean isFunction(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.equals("/")) {
            return true;
        }
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            return false;
        }
        String name = path.substring(1);
        return FunctionRecorder.registry != null
                && FunctionRecorder.registry.invokers().stream()
                        .anyMatch(i -> i.getName().equals(name));
    }

    private boolean fail(RoutingContext ctx, int status, String field, String message) {
        String json;
        if (OpenAiErrors.covers(ctx.request().path())) {
            json = mapper.valueToTree(OpenAiErrors.body(new FailureStatuses.Answer(status, message, field, 0)))
                    .toString();
        } else {
            ObjectNode body = mapper.createObjectNode();
            body.put("error", message);
            if (field != null) {
                body.put("field", field);
            }
            json = body.toString();
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(json);
        return false;
    }
}
