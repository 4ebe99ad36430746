package dev.multimodal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.funqy.runtime.FunctionRecorder;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

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

    private static final Set<String> REQUIRED = Set.of("id", "source", "type");

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    io.quarkus.runtime.configuration.MemorySize maxBody;

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
                fail(ctx, 405, "method", method + " is not served at " + path + ": send POST with a JSON body "
                        + "or a CloudEvent");
                return;
            }
            Buffer body = ctx.body() == null ? null : ctx.body().buffer();
            if (body == null || body.toString().isBlank()) {
                fail(ctx, 400, "body", "the request body is empty: send a JSON object");
                return;
            }
            if (!checkEvent(ctx, body)) {
                return;
            }
        } else if (method == HttpMethod.POST && (path.startsWith("/v1/") || path.startsWith("/v2/"))
                && "0".equals(ctx.request().getHeader("Content-Length"))) {
            fail(ctx, 400, "body", "the request body is empty: send a JSON object");
            return;
        }
        ctx.next();
    }

    /** False when the request was refused (and answered). */
    private boolean checkEvent(RoutingContext ctx, Buffer body) {
        MultiMap headers = ctx.request().headers();
        String type = mediaType(headers.get("Content-Type"));
        if (type.equals("application/cloudevents-batch+json")) {
            return fail(ctx, 415, "Content-Type", "batched CloudEvents are not served: send one event per request");
        }
        if (type.equals("application/cloudevents+json")) {
            return structured(ctx, body);
        }
        boolean binary = headers.names().stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("ce-"));
        if (!binary) {
            return true;
        }
        String version = headers.get("ce-specversion");
        if (version == null) {
            return fail(ctx, 400, "ce-specversion", "a binary CloudEvent needs the ce-specversion header (1.0)");
        }
        if (!version.equals("1.0")) {
            return fail(ctx, 400, "ce-specversion", "CloudEvents specversion '" + version + "' is not served: use 1.0");
        }
        for (String attribute : REQUIRED) {
            String value = headers.get("ce-" + attribute);
            if (value == null || value.isBlank()) {
                return fail(ctx, 400, "ce-" + attribute, "a binary CloudEvent needs the ce-" + attribute + " header");
            }
        }
        if (!isJson(type)) {
            return fail(ctx, 415, "Content-Type", "the event's data must be JSON (Content-Type application/json); "
                    + "got '" + headers.get("Content-Type") + "'");
        }
        return true;
    }

    private boolean structured(RoutingContext ctx, Buffer body) {
        JsonNode event;
        try {
            event = mapper.readTree(body.getBytes());
        } catch (IOException e) {
            return true; // not JSON: Funqy's failure is described by ErrorResponses
        }
        if (event == null || event.isArray()) {
            return fail(ctx, 400, "body", "a structured CloudEvent is one JSON object; batches are not served");
        }
        if (!event.isObject()) {
            return fail(ctx, 400, "body", "a structured CloudEvent must be a JSON object");
        }
        JsonNode version = event.get("specversion");
        if (version == null || !version.isTextual()) {
            return fail(ctx, 400, "specversion", "the event needs specversion (1.0)");
        }
        if (!version.asText().equals("1.0")) {
            return fail(ctx, 400, "specversion", "CloudEvents specversion '" + version.asText()
                    + "' is not served: use 1.0");
        }
        for (String attribute : REQUIRED) {
            JsonNode value = event.get(attribute);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return fail(ctx, 400, attribute, "the event needs " + attribute + " (a non-empty string)");
            }
        }
        JsonNode contentType = event.get("datacontenttype");
        if (contentType != null && !(contentType.isTextual() && isJson(mediaType(contentType.asText())))) {
            return fail(ctx, 415, "datacontenttype", "the event's data must be JSON; datacontenttype '"
                    + contentType.asText() + "' is not served");
        }
        JsonNode base64 = event.get("data_base64");
        if (base64 != null) {
            if (event.has("data")) {
                return fail(ctx, 400, "data_base64", "an event holds data or data_base64, not both");
            }
            JsonNode data;
            try {
                data = mapper.readTree(Base64.getDecoder().decode(base64.asText()));
            } catch (IllegalArgumentException | IOException e) {
                return fail(ctx, 415, "data_base64", "data_base64 must hold JSON, base64-encoded");
            }
            if (data == null) {
                return fail(ctx, 400, "data_base64", "data_base64 is empty");
            }
            ObjectNode rewritten = ((ObjectNode) event).deepCopy();
            rewritten.remove("data_base64");
            rewritten.set("data", data);
            ((RoutingContextInternal) ctx).setBody(Buffer.buffer(rewritten.toString()));
            return true;
        }
        if (!event.has("data") || event.get("data").isNull()) {
            return fail(ctx, 400, "data", "the event has no data: send the function's request as data");
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
                && FunctionRecorder.registry.invokers().stream().anyMatch(i -> i.getName().equals(name));
    }

    private static boolean isJson(String mediaType) {
        return mediaType.isEmpty() || mediaType.equals("application/json") || mediaType.endsWith("+json")
                || mediaType.equals("text/json");
    }

    private static String mediaType(String header) {
        return header == null ? "" : header.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    private boolean fail(RoutingContext ctx, int status, String field, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("error", message);
        body.put("field", field);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
        return false;
    }
}
