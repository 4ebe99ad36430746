package dev.multimodal.vision;

/**
 * An image's vector.
 *
 * @param space the model whose space the vector lives in: vectors of different spaces are not comparable
 * @param text  what OCR read, when the vector was made from the image's text (family ocr-text); null otherwise
 */
public record ImageEmbedding(float[] vector, String space, String text) {}
