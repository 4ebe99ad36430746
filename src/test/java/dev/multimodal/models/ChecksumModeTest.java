package dev.multimodal.models;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each checksum mode guarantees: FULL hashes every file every time; CACHED hashes a file once,
 * then only when its identity changed (size, modification time, inode, inode change time: an edit
 * whose size and time were put back is caught); OFF only checks presence.
 */
class ChecksumModeTest {

    @TempDir
    Path root;

    /** A model whose weights are a real copy (not a link), so the test may alter them. */
    private ModelManifest ownCopy() throws Exception {
        Path dir = ManifestFixtures.model(root, "copy", m -> {});
        for (String file : new String[] {"model.onnx", "tokenizer.json"}) {
            Path link = dir.resolve(file);
            Path target = Files.readSymbolicLink(link);
            Files.delete(link);
            Files.copy(target, link, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return new ManifestReader().read(dir);
    }

    /** Flips one byte in the middle, keeping the size, and puts the modification time back. */
    private static void flipByteKeepingTime(Path file) throws Exception {
        FileTime time = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, time);
    }

    @Test
    void cachedVerifiesOnceThenTrustsAnUnchangedFile() throws Exception {
        ModelManifest manifest = ownCopy();
        Path weights = manifest.directory().resolve("model.onnx");
        Path record = VerifiedDigests.recordFile(weights);
        assertFalse(Files.exists(record));

        Checksums.check(manifest, ChecksumMode.CACHED);
        assertTrue(Files.isRegularFile(record), "a verified file is recorded");
        assertTrue(Files.readString(record)
                .startsWith("v2 " + manifest.files().get(0).sha256() + " "));
        assertTrue(
                VerifiedDigests.unchanged(weights, manifest.files().get(0).sha256()),
                "the next start trusts the unchanged file without reading it");
        assertDoesNotThrow(() -> Checksums.check(manifest, ChecksumMode.CACHED));
    }

    /**
     * The stamp used to hold only size and modification time: an edit that put both back (touch -r)
     * was trusted. The inode change time moves at every write and cannot be set, so it is caught.
     */
    @Test
    void anEditWhoseSizeAndTimeArePutBackIsHashedAndCaught() throws Exception {
        ModelManifest manifest = ownCopy();
        Path weights = manifest.directory().resolve("model.onnx");
        Checksums.check(manifest, ChecksumMode.CACHED);

        flipByteKeepingTime(weights);
        assertFalse(VerifiedDigests.unchanged(weights, manifest.files().get(0).sha256()));
        ManifestException cached =
                assertThrows(ManifestException.class, () -> Checksums.check(manifest, ChecksumMode.CACHED));
        assertEquals("files[0].sha256", cached.field());
        ManifestException full =
                assertThrows(ManifestException.class, () -> Checksums.check(manifest, ChecksumMode.FULL));
        assertEquals("files[0].sha256", full.field());
    }

    /** One vocabulary id changed in tokenizer.json, its size and time restored: caught too. */
    @Test
    void aTokenizerWithOneChangedIdAndItsTimePutBackIsCaught() throws Exception {
        ModelManifest manifest = ownCopy();
        Path tokenizer = manifest.directory().resolve("tokenizer.json");
        Checksums.check(manifest, ChecksumMode.CACHED);

        FileTime time = Files.getLastModifiedTime(tokenizer);
        long size = Files.size(tokenizer);
        String text = Files.readString(tokenizer);
        String changed = text.replace("\"hello\": 7592,", "\"hello\": 7593,");
        assertTrue(!changed.equals(text), "the test changes one id");
        Files.writeString(tokenizer, changed);
        Files.setLastModifiedTime(tokenizer, time);
        assertEquals(size, Files.size(tokenizer), "same size");

        ManifestException e =
                assertThrows(ManifestException.class, () -> Checksums.check(manifest, ChecksumMode.CACHED));
        assertEquals("files[1].sha256", e.field());
    }

    @Test
    void cachedHashesAgainAFileWhoseTimeOrSizeChanged() throws Exception {
        ModelManifest manifest = ownCopy();
        Path weights = manifest.directory().resolve("model.onnx");
        Checksums.check(manifest, ChecksumMode.CACHED);

        flipByteKeepingTime(weights);
        Files.setLastModifiedTime(
                weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() + 5_000));
        ManifestException e =
                assertThrows(ManifestException.class, () -> Checksums.check(manifest, ChecksumMode.CACHED));
        assertEquals("files[0].sha256", e.field());

        // the same size is not needed either: a truncated copy with its old time is hashed again
        ModelManifest other = new ManifestReader().read(ManifestFixtures.model(root.resolve("b"), "copy", m -> {}));
        Path otherWeights = other.directory().resolve("model.onnx");
        Path real = Files.readSymbolicLink(otherWeights);
        Files.delete(otherWeights);
        Files.copy(real, otherWeights, StandardCopyOption.COPY_ATTRIBUTES);
        Checksums.check(other, ChecksumMode.CACHED);
        FileTime time = Files.getLastModifiedTime(otherWeights);
        byte[] bytes = Files.readAllBytes(otherWeights);
        Files.write(otherWeights, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        Files.setLastModifiedTime(otherWeights, time);
        assertThrows(ManifestException.class, () -> Checksums.check(other, ChecksumMode.CACHED));
    }

    @Test
    void aRecordForAnotherDigestIsNotTrusted() throws Exception {
        ModelManifest manifest = ownCopy();
        Path weights = manifest.directory().resolve("model.onnx");
        // a record claiming the current size and time, but for a digest the manifest does not expect
        Checksums.check(manifest, ChecksumMode.CACHED);
        String stamp = Files.readString(VerifiedDigests.recordFile(weights));
        Files.writeString(VerifiedDigests.recordFile(weights), stamp.replaceFirst("^[0-9a-f]{64}", "1".repeat(64)));
        flipByteKeepingTime(weights);
        assertThrows(ManifestException.class, () -> Checksums.check(manifest, ChecksumMode.CACHED));
    }

    @Test
    void offOnlyChecksPresence() throws Exception {
        ModelManifest manifest = ownCopy();
        Path weights = manifest.directory().resolve("model.onnx");
        flipByteKeepingTime(weights);
        assertDoesNotThrow(() -> Checksums.check(manifest, ChecksumMode.OFF));
        assertFalse(Files.exists(VerifiedDigests.recordFile(weights)));
        Files.delete(weights);
        assertEquals(
                "files[0]",
                assertThrows(ManifestException.class, () -> Checksums.check(manifest, ChecksumMode.OFF))
                        .field());
    }

    @Test
    void theFetcherRecordsWhatItVerified() throws Exception {
        ModelManifest manifest = ownCopy();
        Path weights = manifest.directory().resolve("model.onnx");
        new ModelFetcher(root).fetch(manifest);
        assertTrue(
                VerifiedDigests.unchanged(weights, manifest.files().get(0).sha256()),
                "a file the fetch step verified is trusted at the next start without a hash");
    }
}
