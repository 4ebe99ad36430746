package dev.multimodal.refusal;

/** A model's queue is full: the caller should retry later (HTTP 503 with Retry-After). */
public class OverloadedException extends RuntimeException {

    private final int retryAfterSeconds;

    public OverloadedException(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
