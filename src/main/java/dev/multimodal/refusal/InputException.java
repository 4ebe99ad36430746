package dev.multimodal.refusal;

/**
 * Bad input from a caller, naming the field and saying what is wrong with it. The core says what
 * kind of refusal it is; only the edge ({@code http.FailureStatuses}) turns a kind into an HTTP status,
 * so every entry point (function, CloudEvent, chain step, gateway, OIP) answers a refusal alike.
 */
public class InputException extends RuntimeException {

    /** What kind of refusal: the edge maps each kind to one status. */
    public enum Kind {
        /** Malformed or missing input (400). */
        MALFORMED,
        /** Input over a size limit (413). */
        TOO_LARGE,
        /** Content of a type that is not served (415). */
        UNSUPPORTED_TYPE,
        /** Well-formed input that cannot be processed: unknown model, wrong family, mismatched spaces (422). */
        UNPROCESSABLE,
        /** Something named that does not exist here: an OIP model, a path (404). */
        NOT_FOUND,
        /** What the request needs is not loaded, or the process is stopping (503). */
        UNAVAILABLE,
        /** Another function this one called failed or did not answer (502). */
        UPSTREAM
    }

    private final String field;
    private final Kind kind;

    public InputException(Kind kind, String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    public static InputException badRequest(String field, String message) {
        return new InputException(Kind.MALFORMED, field, message);
    }

    public static InputException tooLarge(String field, String message) {
        return new InputException(Kind.TOO_LARGE, field, message);
    }

    public static InputException unsupportedType(String field, String message) {
        return new InputException(Kind.UNSUPPORTED_TYPE, field, message);
    }

    public static InputException unprocessable(String field, String message) {
        return new InputException(Kind.UNPROCESSABLE, field, message);
    }

    public static InputException notFound(String field, String message) {
        return new InputException(Kind.NOT_FOUND, field, message);
    }

    public static InputException unavailable(String field, String message) {
        return new InputException(Kind.UNAVAILABLE, field, message);
    }

    public static InputException upstream(String field, String message) {
        return new InputException(Kind.UPSTREAM, field, message);
    }

    public String field() {
        return field;
    }

    public Kind kind() {
        return kind;
    }
}
