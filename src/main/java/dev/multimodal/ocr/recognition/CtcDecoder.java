package dev.multimodal.ocr.recognition;

import dev.multimodal.vision.ImageBatchRunner;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelRepository.LoadedModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Greedy CTC decoding: the most likely class at each time step, repeats merged, blanks (class 0)
 * dropped. Class {@code i} is the dictionary's line {@code i − 1}; with {@code spaceChar} the last
 * class is a space.
 */
public final class CtcDecoder {

    public record Decoded(String text, float confidence) {
    }

    private final String[] characters;

    private CtcDecoder(String[] characters) {
        this.characters = characters;
    }

    public static CtcDecoder load(LoadedModel model, boolean spaceChar) throws ManifestException {
        String id = model.manifest().id();
        List<String> lines;
        try {
            lines = Files.readAllLines(model.manifest().path("dictionary"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException(id, "files", "the dictionary cannot be read (" + e.getMessage() + ")",
                    "give a UTF-8 file with one character per line, role 'dictionary'");
        }
        String[] characters = new String[lines.size() + (spaceChar ? 1 : 0)];
        lines.toArray(characters);
        if (spaceChar) {
            characters[lines.size()] = " ";
        }
        String output = model.manifest().tensor("recognitionOutput");
        try {
            NodeInfo info = model.session("recognition").session().getOutputInfo().get(output);
            long[] shape = ((TensorInfo) info.getInfo()).getShape();
            long classes = shape[shape.length - 1];
            if (classes > 0 && classes != characters.length + 1) {
                throw new ManifestException(id, "ocr.recognition.spaceChar", "the recogniser has " + classes
                        + " classes but the dictionary gives " + (characters.length + 1) + " (blank + "
                        + lines.size() + " lines" + (spaceChar ? " + space" : "") + ")",
                        "use the dictionary the recogniser was trained with, and set spaceChar to match");
            }
        } catch (OrtException | ClassCastException e) {
            throw new ManifestException(id, "tensors.recognitionOutput", "cannot be inspected (" + e.getMessage() + ")",
                    "name the recogniser's probability output");
        }
        return new CtcDecoder(characters);
    }

    /** Decodes one line; time steps over a batch's zero padding come out blank. */
    public Decoded decode(ImageBatchRunner.Output output) {
        long[] shape = output.shape();
        int steps = (int) shape[0];
        int classes = (int) shape[1];
        float[] p = output.values();
        StringBuilder text = new StringBuilder();
        double confidence = 0;
        int kept = 0;
        int previous = 0;
        for (int t = 0; t < steps; t++) {
            int base = t * classes;
            int best = 0;
            float bestP = p[base];
            for (int c = 1; c < classes; c++) {
                if (p[base + c] > bestP) {
                    bestP = p[base + c];
                    best = c;
                }
            }
            if (best != 0 && best != previous && best - 1 < characters.length) {
                text.append(characters[best - 1]);
                confidence += bestP;
                kept++;
            }
            previous = best;
        }
        return new Decoded(text.toString(), kept == 0 ? 0f : (float) (confidence / kept));
    }
}
