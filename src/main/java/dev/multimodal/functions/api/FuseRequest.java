package dev.multimodal.functions.api;

import java.util.List;

/**
 * @param parts            1 to {@code mmf.fusion.max-parts} parts
 * @param strategy         weighted-average, max, min, median, concat, attention or learned;
 *                         {@code mmf.fusion.strategy} when absent
 * @param model            the text model for text parts; when absent, the text side of the image
 *                         model's space if there are image parts, else the default text model
 * @param normalize        L2-normalise the result; true when absent
 * @param allowMixedSpaces let element-wise strategies combine vectors of different models
 * @param temperature      τ of attention; {@code mmf.fusion.temperature} when absent
 * @param head             for learned: the fusion head (family head, task fusion) to run
 */
public record FuseRequest(List<Part> parts, String strategy, String model, Boolean normalize,
                          Boolean allowMixedSpaces, Double temperature, String head) {

    /**
     * One part: a {@code vector} with its {@code space}, or a {@code text} or an {@code image}
     * (base64 or a data: URI) to encode first, the image with the default image model.
     *
     * @param modality {@code text}, {@code image}, ...; attention takes the one {@code image} part as
     *                 its query. Defaults to {@code text} for text parts.
     * @param weight   for weighted-average; 1 when absent
     */
    public record Part(String modality, float[] vector, String space, String text, String image, Double weight) {
    }
}
