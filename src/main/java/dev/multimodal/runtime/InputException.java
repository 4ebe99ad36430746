package dev.multimodal.runtime;

/**
 * Bad input from a caller. The HTTP and CloudEvent layers turn it into a 4xx JSON answer
 * {@code {"error": message, "field": field}}; it never reaches a user as a stack trace.
 */
public class InputException extends RuntimeException {

    private final String field;
    private final int status;

    public InputException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** 400: malformed or missing input. */
    public static InputException badRequest(String field, String message) {
        return new InputException(400, field, message);
    }

    /** 413: input over a size limit. */
    public static InputException tooLarge(String field, String message) {
        return new InputException(413, field, message);
    }

    /** 422: well-formed input that cannot be processed (unknown model, wrong family...). */
    public static InputException unprocessable(String field, String message) {
        return new InputException(422, field, message);
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }
}
