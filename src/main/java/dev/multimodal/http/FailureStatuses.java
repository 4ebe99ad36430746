package dev.multimodal.http;

import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where a failure becomes an HTTP answer, for Funqy's routes (HTTP and CloudEvents),
 * {@code /v1/analyze} and {@code /v2} alike: a refusal's kind picks its status, overload is a 503
 * with {@code Retry-After}, and anything else is a 500 that names no Java class but carries an id
 * the log shows beside the stack trace.
 */
public final class FailureStatuses {

    private static final Logger LOG = Logger.getLogger(FailureStatuses.class.getName());

    /** An answer to write: status, body fields, and the Retry-After seconds for a 503 (0: none). */
    public record Answer(int status, String error, String field, int retryAfterSeconds) {

        /** Past this a message is cut: a net under {@link dev.multimodal.refusal.Echo} at every site. */
        static final int MAX_ERROR_CHARS = 2000;

        public Answer {
            if (error != null && error.length() > MAX_ERROR_CHARS) {
                error = error.substring(0, MAX_ERROR_CHARS) + "…";
            }
            field = field == null ? null : Echo.bounded(field);
        }
    }

    private FailureStatuses() {}

    public static int status(InputException.Kind kind) {
        return switch (kind) {
            case MALFORMED -> 400;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case UNPROCESSABLE -> 422;
            case NOT_FOUND -> 404;
            case UNAVAILABLE -> 503;
            case UPSTREAM -> 502;
        };
    }

    public static int status(InputException e) {
        return status(e.kind());
    }

    /** The answer to {@code failure}, logging it (with an id) when it is our fault. */
    public static Answer answer(Throwable failure, String where) {
        Throwable t = unwrap(failure);
        if (t instanceof InputException e) {
            int status = status(e);
            return new Answer(status, e.getMessage(), e.field(), status == 503 ? 1 : 0);
        }
        if (t instanceof OverloadedException e) {
            return new Answer(503, e.getMessage(), null, Math.max(1, e.retryAfterSeconds()));
        }
        if (t instanceof CharConversionException) { // found by RequestBindingFuzzTest: bytes Jackson took for UTF-32
            return new Answer(400, "the request body is not JSON text in UTF-8, UTF-16 or UTF-32", "body", 0);
        }
        if (t instanceof IOException io && whileReadingTheBody(io)) {
            // the client's doing (a body that stalled, or an HTTP/2 stream whose DATA belied its
            // Content-Length), met by Quarkus REST's blocking read: not a fault of ours to log
            return String.valueOf(io.getMessage()).contains("timed out")
                    ? new Answer(
                            408, "the request's body did not arrive whole within quarkus.http.read-timeout", "body", 0)
                    : new Answer(
                            400,
                            "the request's body could not be read whole: " + Echo.bounded(io.getMessage()),
                            "body",
                            0);
        }
        String id = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "request to " + where + " failed; error id " + id, t);
        return new Answer(500, "internal error; the service log has the details under error id " + id, null, 0);
    }

    /** Whether {@code e} came from reading a request's body stream (Quarkus REST's, under Jackson). */
    static boolean whileReadingTheBody(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.vertx.VertxInputStream")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The failure inside the wrappers that futures, reflection and Funqy put around it. */
    public static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current != null
                && current.getCause() != null
                && current.getCause() != current
                && (current instanceof CompletionException
                        || current instanceof ExecutionException
                        || current instanceof InvocationTargetException
                        || current instanceof UncheckedIOException
                        || current.getClass().getName().startsWith("io.quarkus.funqy.runtime."))) {
            current = current.getCause();
        }
        return current;
    }
}
