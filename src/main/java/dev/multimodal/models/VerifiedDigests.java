package dev.multimodal.models;

import dev.multimodal.runtime.DigestStamps;
import dev.multimodal.runtime.FileIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Remembers that a weights file was hashed and matched: {@code <file>.verified} beside it holds the
 * sha256 it matched, bound to the file's identity at that moment ({@link DigestStamps}: size,
 * modification time, inode and inode change time). A start-up that finds the same identity trusts the
 * file without reading it; any write (a new fetch, a copy, an edit, even one whose size and time were
 * put back with {@code touch -r}) changes the inode change time and sends it back to a full hash.
 */
final class VerifiedDigests {

    private static final Logger LOG = Logger.getLogger(VerifiedDigests.class.getName());

    private VerifiedDigests() {}

    static Path recordFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".verified");
    }

    /** True when the file was verified against {@code expected} and has not changed since. */
    static boolean unchanged(Path file, String expected) {
        return expected.equals(DigestStamps.trusted(file, recordFile(file)));
    }

    /**
     * Writes the record after the file matched {@code sha256}; {@code before} is its identity read
     * before it was hashed. A read-only folder only costs the next start a hash.
     */
    static void record(Path file, String sha256, FileIdentity before) {
        try {
            DigestStamps.record(file, recordFile(file), sha256, before);
        } catch (IOException e) {
            LOG.info(() -> "cannot record the verified sha256 of " + file + " (" + e.getMessage()
                    + "); it will be hashed again at the next start");
        }
    }
}
