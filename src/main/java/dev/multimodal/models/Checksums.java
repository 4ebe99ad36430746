package dev.multimodal.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 of model files, and the check that a manifest's files are present and intact. */
public final class Checksums {

    private Checksums() {
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Every file present and, when {@code verify}, matching its sha256. */
    public static void check(ModelManifest manifest, boolean verify) throws ManifestException {
        for (int i = 0; i < manifest.files().size(); i++) {
            ModelManifest.ModelFile file = manifest.files().get(i);
            Path path = manifest.directory().resolve(file.name());
            String fetch = manifest.bundled()
                    ? "run ./mvnw package (the build fetches bundled models) or models/fetch " + manifest.id()
                    : "run models/fetch " + manifest.id() + " on a machine with internet";
            if (!Files.isRegularFile(path)) {
                throw new ManifestException(manifest.id(), "files[" + i + "]",
                        "weights file " + path + " is missing", fetch);
            }
            if (verify) {
                String actual;
                try {
                    actual = sha256(path);
                } catch (IOException e) {
                    throw new ManifestException(manifest.id(), "files[" + i + "]",
                            "cannot read " + path + " (" + e.getMessage() + ")", "check the file's permissions");
                }
                if (!actual.equals(file.sha256())) {
                    throw new ManifestException(manifest.id(), "files[" + i + "].sha256",
                            file.name() + " has sha256 " + actual + ", the manifest expects " + file.sha256(),
                            "delete " + path + " and " + fetch.replace("run ", "re-run "));
                }
            }
        }
    }
}
