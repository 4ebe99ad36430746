package dev.multimodal.training;

import java.util.List;

/**
 * Vectors to train a head on, all of one space and size, with their targets.
 *
 * @param labels classification: one label per vector; null otherwise
 * @param values regression: one value per vector; null otherwise
 * @param fusion the fusion strategy the vectors were made with, recorded in the head's manifest
 */
public record TrainingSet(
        List<float[]> vectors, List<String> labels, List<Double> values, String space, String fusion) {

    public TrainingSet {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no training vectors");
        }
        int dimension = vectors.get(0).length;
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).length != dimension) {
                throw new IllegalArgumentException(
                        "record " + i + " has " + vectors.get(i).length + " dimensions, the first " + dimension);
            }
        }
        if (labels != null && labels.size() != vectors.size() || values != null && values.size() != vectors.size()) {
            throw new IllegalArgumentException("one target per vector");
        }
    }

    public int dimension() {
        return vectors.get(0).length;
    }
}
