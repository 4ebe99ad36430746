package dev.multimodal.lambda;

/**
 * Overload on Lambda: a function error (so that Lambda's own retries of asynchronous and queued
 * events apply, bounded and with backoff, before the dead-letter queue) whose message is the
 * refusal's JSON, so that a synchronous caller reads the same {@code {"status": 503, ...}}.
 */
public class Overloaded extends RuntimeException {

    public Overloaded(String refusalJson, Throwable cause) {
        super(refusalJson, cause, false, false);
    }
}
