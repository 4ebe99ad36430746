package dev.multimodal.models;

import dev.multimodal.api.Labelled;
import dev.multimodal.api.Labels;
import java.util.List;
import java.util.Locale;

/**
 * What a model is, as its manifest's {@code family} says; each family names the files, tensors and
 * graphs a manifest of it must have.
 */
public enum ModelFamily implements Labelled {
    TEXT_ENCODER(List.of("model", "tokenizer"), List.of("inputIds", "attentionMask", "output"), List.of("model")),
    IMAGE_ENCODER(List.of("model"), List.of("pixels", "output"), List.of("model")),
    CLIP(
            List.of("vision", "text", "tokenizer"),
            List.of("pixels", "imageOutput", "inputIds", "textOutput"),
            List.of("vision", "text")),
    OCR(
            List.of("detection", "classification", "recognition", "dictionary"),
            List.of(
                    "detectionInput",
                    "detectionOutput",
                    "classificationInput",
                    "classificationOutput",
                    "recognitionInput",
                    "recognitionOutput"),
            List.of("detection", "classification", "recognition")),
    HEAD(List.of("model"), List.of("input", "output"), List.of("model")),
    /** Voice activity: a speech probability per frame, with a recurrent state (Silero VAD). */
    VAD(List.of("model"), List.of("input", "state", "sampleRate", "output", "stateOut"), List.of("model")),
    /**
     * Speech to text by CMU Sphinx4 (pure Java, no graph): its acoustic model's files, the
     * pronouncing dictionary and the language model. Another engine (an ONNX Whisper) is a family
     * of its own beside it, behind the same {@code audio.SpeechRecognizer}.
     */
    ASR_SPHINX4(
            List.of(
                    "featParams",
                    "mdef",
                    "means",
                    "variances",
                    "mixtureWeights",
                    "transitionMatrices",
                    "noisedict",
                    "dictionary",
                    "languageModel"),
            List.of(),
            List.of());

    private final List<String> requiredFiles;
    private final List<String> requiredTensors;
    private final List<String> graphs;

    ModelFamily(List<String> requiredFiles, List<String> requiredTensors, List<String> graphs) {
        this.requiredFiles = requiredFiles;
        this.requiredTensors = requiredTensors;
        this.graphs = graphs;
    }

    /** As written in model.json: {@code text-encoder}, {@code clip}, ... */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The file roles a manifest of this family must list. */
    public List<String> requiredFiles() {
        return requiredFiles;
    }

    /** The tensor roles a manifest of this family must map to the graph's names. */
    public List<String> requiredTensors() {
        return requiredTensors;
    }

    /** The file roles that are ONNX graphs, each opened as a session. */
    public List<String> graphs() {
        return graphs;
    }

    /** Whether its models make vectors, and so declare a {@code dimension}. */
    public boolean makesVectors() {
        return this != OCR && this != VAD && this != ASR_SPHINX4;
    }

    /** The family labelled {@code label}, or null. */
    public static ModelFamily fromLabel(String label) {
        return Labels.find(ModelFamily.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
