package dev.multimodal.api;

import dev.multimodal.settings.Keys;
import java.util.List;

/**
 * @param texts    1 to {@code mmf.text.max-texts} non-empty strings
 * @param model    a text model id; the default when absent
 * @param overflow {@code truncate} or {@code average}; {@code mmf.text.overflow} when absent
 */
@ApiField("Texts to encode into vectors, one per text.")
public record EncodeTextRequest(
        @ApiField(
                value = "1 or more non-empty texts",
                required = true,
                maxItems = Keys.TEXT_MAX_TEXTS,
                maxLength = Keys.TEXT_MAX_CHARS)
        List<String> texts,

        @ApiField(value = "a text model id", defaultFrom = Keys.TEXT_DEFAULT_MODEL)
        String model,

        @ApiField(
                value = "what happens to a text past the model's token limit",
                oneOf = Overflow.class,
                defaultFrom = Keys.TEXT_OVERFLOW)
        String overflow) {}
