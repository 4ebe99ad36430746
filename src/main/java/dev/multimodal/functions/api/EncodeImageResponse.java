package dev.multimodal.functions.api;

/**
 * @param family  {@code clip}, {@code image-encoder} or {@code ocr-text}
 * @param space   the model whose space the vector lives in: compare it only with vectors of that space
 * @param text    for {@code ocr-text}, the text that was read (and encoded); null otherwise
 */
public record EncodeImageResponse(String model, String version, String family, String space, int dimension,
                                  float[] vector, String text, int width, int height) {
}
