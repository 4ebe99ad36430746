package dev.multimodal.models;

import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.runtime.DigestStamps;
import dev.multimodal.settings.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * What a model's warm-up inference answered when its files were known good, kept beside the model as
 * {@code warm-up-<part>.<files key>.<runtime key>.ref}: the files key is the sha256 each file is
 * expected to have, the runtime key the ONNX Runtime version, CPU and execution provider. At each
 * start the warm-up's output is compared with it: a model whose graph, tokenizer or saved optimised
 * graph changed in a way no stamp saw (checksums off, a damaged cache that still parses) answers
 * differently and is not READY.
 * <p>
 * A reference is recorded only at a start whose checksums were on (every file hashed, or trusted from
 * a stamp bound to its inode change time), and only where none exists for these files and runtime:
 * another CPU or provider records its own, so the bound can be tight. The same graph on the same
 * runtime differs only by the order of floating-point sums (thread count): far below
 * {@link #MIN_COSINE} and {@link #MAX_DIFFERENCE}. The damage issue 26 reproduced moved vectors to a
 * cosine of 0.5-0.6, or to NaN.
 */
public final class WarmUpReferences {

    private static final Logger LOG = Logger.getLogger(WarmUpReferences.class.getName());
    static final double MIN_COSINE = 0.9999;
    /** Largest difference of one value, relative to the reference's largest magnitude (at least 1). */
    static final double MAX_DIFFERENCE = 1e-3;

    private WarmUpReferences() {}

    /**
     * Compares {@code output} with the reference for this model part and runtime, or records it.
     *
     * @param record whether this start's checksums vouch for the files, so a missing reference may be recorded
     * @throws ManifestException when a reference exists and {@code output} differs from it
     */
    public static void check(LoadedModel model, String part, String runtimeKey, float[] output, boolean record)
            throws ManifestException {
        ModelManifest manifest = model.manifest();
        String prefix = "warm-up-" + part + ".";
        String filesKey = filesKey(manifest);
        Path file = manifest.directory().resolve(prefix + filesKey + "." + runtimeKey + ".ref");
        float[] reference = read(file);
        if (reference == null) {
            if (record) {
                write(manifest, file, output);
                removeOlder(manifest.directory(), prefix, prefix + filesKey + ".");
            }
            return;
        }
        String difference = difference(reference, output);
        if (difference != null) {
            throw new ManifestException(
                    manifest.id(),
                    "warm-up",
                    "the " + part + " graph's warm-up output "
                            + difference + " from the reference recorded when its files were verified ("
                            + file.getFileName()
                            + "): its files or saved optimised graph changed unseen",
                    "restart with " + Keys.MODELS_FULL_CHECKSUMS
                            + "=true, or delete the model's files and fetch them again");
        }
    }

    /** Null when {@code output} matches {@code reference} within the bounds; otherwise how it differs. */
    static String difference(float[] reference, float[] output) {
        if (reference.length != output.length) {
            return "has " + output.length + " values, not " + reference.length + ",";
        }
        double dot = 0;
        double nr = 0;
        double no = 0;
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < reference.length; i++) {
            dot += (double) reference[i] * output[i];
            nr += (double) reference[i] * reference[i];
            no += (double) output[i] * output[i];
            scale = Math.max(scale, Math.abs(reference[i]));
        }
        for (int i = 0; i < reference.length; i++) {
            double d = Math.abs((double) reference[i] - output[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        double cosine = nr == 0 && no == 0 ? 1 : nr == 0 || no == 0 ? 0 : dot / Math.sqrt(nr * no);
        if (!(cosine >= MIN_COSINE) || worst > MAX_DIFFERENCE * scale) {
            return String.format(Locale.ROOT, "differs (cosine %.4f, largest difference %.3g)", cosine, worst);
        }
        return null;
    }

    /** A short hash of the sha256 every file is expected to have: a new version records anew. */
    private static String filesKey(ModelManifest manifest) {
        StringBuilder all = new StringBuilder("warm-up v1");
        for (ModelManifest.ModelFile f : manifest.files()) {
            String expected;
            try {
                expected = Checksums.expected(manifest, f);
            } catch (IOException e) {
                expected = null;
            }
            all.append('\n').append(f.name()).append(' ').append(expected);
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String[] parts =
                    Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
            int n = Integer.parseInt(parts[1]);
            if (!parts[0].equals("v1") || parts.length != n + 2) {
                return null;
            }
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i + 2], 16));
            }
            return values;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Exact bits, as hex: the reference is what was computed, not a decimal rounding of it. */
    private static void write(ModelManifest manifest, Path file, float[] output) {
        StringBuilder text = new StringBuilder("v1 ").append(output.length).append('\n');
        for (float v : output) {
            text.append(Integer.toHexString(Float.floatToRawIntBits(v))).append('\n');
        }
        try {
            DigestStamps.writeAtomically(file, text.toString().getBytes(StandardCharsets.US_ASCII));
            LOG.info(() -> "model " + manifest.id() + ": recorded its warm-up output as " + file.getFileName());
        } catch (IOException e) {
            LOG.info(() -> "model " + manifest.id() + ": cannot record its warm-up output (" + e.getMessage()
                    + "); the warm-up is not compared until it can be");
        }
    }

    /** References of older versions of the files; those of other runtimes for these files stay. */
    private static void removeOlder(Path dir, String prefix, String current) {
        try (DirectoryStream<Path> refs = Files.newDirectoryStream(
                dir,
                p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".ref")
                        && !p.getFileName().toString().startsWith(current))) {
            for (Path old : refs) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // a read-only folder: nothing was recorded either
        }
    }
}
