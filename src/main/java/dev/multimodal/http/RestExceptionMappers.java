package dev.multimodal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.multimodal.refusal.Echo;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The REST endpoints' ({@code /v1/analyze}, {@code /v2}) side of {@link FailureStatuses}: the same JSON
 * {@code {"error", "field"}} for a refusal, overload, a body Jackson cannot bind, a path or method
 * that does not exist, and the same id-carrying 500 for anything else. The OpenAI-compatible paths
 * get the same statuses in OpenAI's shape ({@link OpenAiErrors}).
 */
public class RestExceptionMappers {

    @ServerExceptionMapper(priority = 1)
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Throwable cause = FailureStatuses.unwrap(e.getCause());
        String path = uri.getPath();
        if (cause instanceof JsonProcessingException json) {
            return json(JsonErrorMessages.describe(json, "body"), path);
        }
        return json(
                switch (status) {
                    case 404 -> new FailureStatuses.Answer(404, "no endpoint at " + Echo.bounded(path), "path", 0);
                    case 405 ->
                        new FailureStatuses.Answer(
                                405,
                                "method not allowed at " + Echo.bounded(path)
                                        + "; see /q/openapi for the methods each path takes",
                                "method",
                                0);
                    case 406, 415 ->
                        new FailureStatuses.Answer(
                                415,
                                "Content-Type must be application/json"
                                        + (path.startsWith("/v1/analyze") ? " or multipart/form-data" : ""),
                                "Content-Type",
                                0);
                    case 400 ->
                        new FailureStatuses.Answer(
                                400, "the request body could not be read: send a JSON object", "body", 0);
                    // Quarkus REST reads the body of /v1 and /v2 itself (ResourceBodies): its form parser refuses a
                    // field over max-form-attribute-size, and its reader a body over max-body-size, with a bare 413
                    case 413 ->
                        new FailureStatuses.Answer(
                                413,
                                isForm(headers)
                                        ? "the form is over the limit of quarkus.http.limits.max-form-attribute-size (one field) or "
                                                + "quarkus.http.limits.max-body-size (the whole form)"
                                        : "the request body is larger than the limit of quarkus.http.limits.max-body-size",
                                "body",
                                0);
                    default ->
                        status >= 500
                                ? FailureStatuses.answer(e, path)
                                : new FailureStatuses.Answer(status, "request refused with status " + status, null, 0);
                },
                path);
    }

    private static boolean isForm(HttpHeaders headers) {
        MediaType type = headers == null ? null : headers.getMediaType();
        return type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE);
    }

    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e, UriInfo uri) {
        return json(JsonErrorMessages.describe(e, "body"), uri.getPath());
    }

    /** Jackson's own mapper for this one answers without naming the field. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatch(MismatchedInputException e, UriInfo uri) {
        return json(JsonErrorMessages.describe(e, "body"), uri.getPath());
    }

    @ServerExceptionMapper(priority = 1)
    public Response any(Throwable e, UriInfo uri) {
        return json(FailureStatuses.answer(e, uri.getPath()), uri.getPath());
    }

    static Response json(FailureStatuses.Answer answer, String path) {
        Response.ResponseBuilder response =
                Response.status(answer.status()).entity(body(answer, path)).type(MediaType.APPLICATION_JSON);
        if (answer.retryAfterSeconds() > 0) {
            response.header("Retry-After", answer.retryAfterSeconds());
        }
        return response.build();
    }

    /** The error body on {@code path}: OpenAI's shape on its paths, {@code {"error", "field"}} elsewhere. */
    static Object body(FailureStatuses.Answer answer, String path) {
        if (OpenAiErrors.covers(path)) {
            return OpenAiErrors.body(answer);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", answer.error());
        if (answer.field() != null) {
            body.put("field", answer.field());
        }
        return body;
    }
}
