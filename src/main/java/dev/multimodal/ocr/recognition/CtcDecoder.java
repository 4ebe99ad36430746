package dev.multimodal.ocr.recognition;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.vision.ImageBatchRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy CTC decoding: the most likely class at each time step, repeats merged, blanks (class 0)
 * dropped. Class {@code i} is the dictionary's line {@code i − 1}; with {@code spaceChar} the last
 * class is a space. Each character keeps the time steps it was read at, so that spaces the greedy
 * path lost can be found from where the characters stand ({@link CtcSpacing}).
 */
public final class CtcDecoder {

    public record Decoded(String text, float confidence) {}

    private final String[] characters;
    /** The space's class, or −1 when the dictionary has none. */
    private final int spaceClass;

    CtcDecoder(String[] characters, boolean spaceChar) {
        this.characters = characters;
        this.spaceClass = spaceChar ? characters.length : -1;
    }

    public static CtcDecoder load(LoadedModel model, boolean spaceChar) throws ManifestException {
        String id = model.manifest().id();
        List<String> lines;
        try {
            lines = Files.readAllLines(model.manifest().path("dictionary"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException(
                    id,
                    "files",
                    "the dictionary cannot be read (" + e.getMessage() + ")",
                    "give a UTF-8 file with one character per line, role 'dictionary'");
        }
        String[] characters = new String[lines.size() + (spaceChar ? 1 : 0)];
        lines.toArray(characters);
        if (spaceChar) {
            characters[lines.size()] = " ";
        }
        String output = model.manifest().tensor("recognitionOutput");
        try {
            NodeInfo info =
                    model.session("recognition").session().getOutputInfo().get(output);
            long[] shape = ((TensorInfo) info.getInfo()).getShape();
            long classes = shape[shape.length - 1];
            if (classes > 0 && classes != characters.length + 1) {
                throw new ManifestException(
                        id,
                        "ocr.recognition.spaceChar",
                        "the recogniser has " + classes
                                + " classes but the dictionary gives " + (characters.length + 1) + " (blank + "
                                + lines.size() + " lines" + (spaceChar ? " + space" : "") + ")",
                        "use the dictionary the recogniser was trained with, and set spaceChar to match");
            }
        } catch (OrtException | ClassCastException e) {
            throw new ManifestException(
                    id,
                    "tensors.recognitionOutput",
                    "cannot be inspected (" + e.getMessage() + ")",
                    "name the recogniser's probability output");
        }
        return new CtcDecoder(characters, spaceChar);
    }

    /**
     * Decodes one line; time steps over a batch's zero padding come out blank. Spaces the greedy
     * path dropped are put back where {@link CtcSpacing} finds them.
     */
    public Decoded decode(ImageBatchRunner.Output output) {
        List<CtcSpacing.Emitted> path = path(output);
        double confidence = 0;
        for (CtcSpacing.Emitted e : path) {
            confidence += e.probability();
        }
        return new Decoded(
                halfWidthInLatin(CtcSpacing.text(path)), path.isEmpty() ? 0f : (float) (confidence / path.size()));
    }

    /**
     * A line with no CJK character gets the ASCII forms of full-width ones (U+FF01–FF5E): the
     * dictionary holds both, and the recogniser reads a monospaced "/" as "／" (DejaVu Sans Mono's
     * slash is as wide as its letters), which only Chinese and Japanese typesetting would use.
     */
    static String halfWidthInLatin(String text) {
        boolean fullWidth = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0xFF01 && c <= 0xFF5E) {
                fullWidth = true;
            } else if (c >= 0x2E80) {
                return text;
            }
        }
        if (!fullWidth) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0xFF01 && c <= 0xFF5E ? (char) (c - 0xFEE0) : c);
        }
        return out.toString();
    }

    /**
     * The greedy path's characters: the most likely class at each time step, repeats merged, blanks
     * (class 0) dropped; each with the first and last time step of its run, and the highest
     * probability the space class had on the steps between it and the character before.
     */
    List<CtcSpacing.Emitted> path(ImageBatchRunner.Output output) {
        long[] shape = output.shape();
        int steps = (int) shape[0];
        int classes = (int) shape[1];
        float[] p = output.values();
        int space = spaceClass < classes ? spaceClass : -1;
        List<CtcSpacing.Emitted> path = new ArrayList<>();
        int previous = 0;
        float spaceBetween = 0;
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
            if (best != 0 && best - 1 < characters.length) {
                if (best != previous) {
                    path.add(new CtcSpacing.Emitted(
                            characters[best - 1], t, t, bestP, path.isEmpty() ? 0f : spaceBetween));
                } else {
                    CtcSpacing.Emitted last = path.get(path.size() - 1);
                    path.set(
                            path.size() - 1,
                            new CtcSpacing.Emitted(
                                    last.text(), last.first(), t, last.probability(), last.spaceBefore()));
                }
                spaceBetween = 0;
            } else if (space > 0) {
                spaceBetween = Math.max(spaceBetween, p[base + space]);
            }
            previous = best;
        }
        return path;
    }
}
