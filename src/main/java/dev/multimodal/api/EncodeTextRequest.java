package dev.multimodal.api;

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
                maxItems = "mmf.text.max-texts",
                maxLength = "mmf.text.max-chars")
        List<String> texts,

        @ApiField(value = "a text model id", defaultFrom = "mmf.text.default-model")
        String model,

        @ApiField(
                value = "what happens to a text past the model's token limit",
                oneOf = Overflow.class,
                defaultFrom = "mmf.text.overflow")
        String overflow) {}
