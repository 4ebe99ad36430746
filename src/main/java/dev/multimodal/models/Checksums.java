package dev.multimodal.models;

import dev.multimodal.runtime.DigestStamps;
import dev.multimodal.runtime.FileIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** sha256 of model files, and the check that a manifest's files are present and intact. */
public final class Checksums {

    private Checksums() {}

    public static String sha256(Path file) throws IOException {
        return DigestStamps.sha256(file);
    }

    /** Where the hash of a file the manifest does not pin is kept after its first fetch. */
    static Path pinFile(ModelManifest manifest, ModelManifest.ModelFile file) {
        return manifest.directory().resolve(file.name() + ".sha256");
    }

    /** The manifest's sha256, or the one pinned at the first fetch, or null before any fetch. */
    static String expected(ModelManifest manifest, ModelManifest.ModelFile file) throws IOException {
        if (file.sha256() != null) {
            return file.sha256();
        }
        Path pin = pinFile(manifest, file);
        return Files.isRegularFile(pin) ? Files.readString(pin).trim() : null;
    }

    /** Whether every file of the model is there (an optional model nobody fetched has none). */
    static boolean present(ModelManifest manifest) {
        return manifest.files().stream()
                .allMatch(f -> Files.isRegularFile(manifest.directory().resolve(f.name())));
    }

    /** Every file present and, when {@code verify}, matching its sha256 (hashed every time). */
    public static void check(ModelManifest manifest, boolean verify) throws ManifestException {
        check(manifest, verify ? ChecksumMode.FULL : ChecksumMode.OFF);
    }

    /**
     * Every file present and, unless {@code OFF}, matching its sha256: hashed every time with
     * {@code FULL}, only when changed since its last verification with {@code CACHED} (a change that
     * restores the file's size and modification time still counts: see {@link VerifiedDigests}).
     */
    public static void check(ModelManifest manifest, ChecksumMode mode) throws ManifestException {
        boolean verify = mode != ChecksumMode.OFF;
        for (int i = 0; i < manifest.files().size(); i++) {
            ModelManifest.ModelFile file = manifest.files().get(i);
            Path path = manifest.directory().resolve(file.name());
            String fetch = manifest.bundled()
                    ? "run ./mvnw package (the build fetches bundled models) or models/fetch " + manifest.id()
                    : "run models/fetch " + manifest.id() + " on a machine with internet";
            if (!Files.isRegularFile(path)) {
                throw new ManifestException(
                        manifest.id(), "files[" + i + "]", "weights file " + path + " is missing", fetch);
            }
            if (verify) {
                String actual;
                String expected;
                FileIdentity before;
                try {
                    expected = expected(manifest, file);
                    if (mode == ChecksumMode.CACHED && expected != null && VerifiedDigests.unchanged(path, expected)) {
                        continue;
                    }
                    DigestStamps.removeStalePartials(path);
                    before = FileIdentity.of(path);
                    actual = sha256(path);
                } catch (IOException e) {
                    throw new ManifestException(
                            manifest.id(),
                            "files[" + i + "]",
                            "cannot read " + path + " (" + e.getMessage() + ")",
                            "check the file's permissions");
                }
                if (expected == null) {
                    throw new ManifestException(
                            manifest.id(),
                            "files[" + i + "].sha256",
                            file.name() + " has no sha256 in the manifest and none was pinned by models/fetch",
                            "put its sha256 in the manifest or fetch it with models/fetch " + manifest.id());
                }
                if (!actual.equals(expected)) {
                    throw new ManifestException(
                            manifest.id(),
                            "files[" + i + "].sha256",
                            file.name() + " has sha256 " + actual + ", the manifest expects " + expected,
                            "delete " + path + " and " + fetch.replace("run ", "re-run "));
                }
                if (mode == ChecksumMode.CACHED) {
                    VerifiedDigests.record(path, actual, before);
                }
            }
        }
    }
}
