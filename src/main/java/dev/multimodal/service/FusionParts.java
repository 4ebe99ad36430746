package dev.multimodal.service;

import dev.multimodal.api.FuseRequest;
import dev.multimodal.fusion.FusionPart;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.vision.ImageEncoder;
import java.util.ArrayList;
import java.util.List;

/** fuse's parts as the fuser takes them, once their texts and images are encoded. */
final class FusionParts {

    private FusionParts() {}

    /** Every part as a vector in its space, in the request's order: texts and images as they were encoded. */
    static List<FusionPart> of(
            List<FuseRequest.Part> parts,
            List<TextEmbedding> texts,
            TextEncoder textEncoder,
            List<ImageEmbedding> images,
            ImageEncoder imageEncoder) {
        List<FusionPart> fusionParts = new ArrayList<>(parts.size());
        int nextText = 0;
        int nextImage = 0;
        for (FuseRequest.Part part : parts) {
            double weight = part.weight() == null ? 1.0 : part.weight();
            if (part.text() != null) {
                fusionParts.add(new FusionPart(
                        part.modality() == null ? "text" : part.modality(),
                        texts.get(nextText++).vector(),
                        textEncoder.space(),
                        weight));
            } else if (part.image() != null) {
                fusionParts.add(new FusionPart(
                        part.modality() == null ? "image" : part.modality(),
                        images.get(nextImage++).vector(),
                        imageEncoder.space(),
                        weight));
            } else {
                fusionParts.add(new FusionPart(part.modality(), part.vector(), part.space(), weight));
            }
        }
        return fusionParts;
    }
}
