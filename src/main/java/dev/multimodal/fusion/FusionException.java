package dev.multimodal.fusion;

/**
 * Parts that cannot be fused as asked. The message names the parts; {@code field} is the request
 * field to blame ({@code parts}, {@code parts[2]}, {@code strategy}, ...).
 */
public class FusionException extends IllegalArgumentException {

    private final String field;

    public FusionException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
