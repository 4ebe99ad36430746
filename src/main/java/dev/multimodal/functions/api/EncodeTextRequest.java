package dev.multimodal.functions.api;

import java.util.List;

/**
 * @param texts    1 to {@code mmf.text.max-texts} non-empty strings
 * @param model    a text model id; the default when absent
 * @param overflow {@code truncate} or {@code average}; {@code mmf.text.overflow} when absent
 */
public record EncodeTextRequest(List<String> texts, String model, String overflow) {
}
