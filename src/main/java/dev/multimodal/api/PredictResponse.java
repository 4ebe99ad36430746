package dev.multimodal.api;

import java.util.Map;

/**
 * One of: {@code label} with every label's {@code probabilities} (classification), {@code value}
 * (regression), {@code cluster} with the squared {@code distances} to each centroid (clustering).
 *
 * @param text what OCR read, when an image was encoded through ocr-text; null otherwise
 */
@ApiField("A head's answer: a label with probabilities, a value, or a cluster with distances.")
public record PredictResponse(
        String model,
        String version,
        String task,
        String space,
        String label,
        Map<String, Double> probabilities,
        Double value,
        Integer cluster,
        float[] distances,
        String text) {}
