package dev.multimodal.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Remembers that a weights file was hashed and matched: {@code <file>.verified} beside it holds the
 * sha256 it matched, and the file's size and modification time at that moment. A start-up that finds
 * the same three trusts the file without reading it; any write that changes its size or time (a new
 * fetch, a copy, an edit) sends it back to a full hash.
 */
final class VerifiedDigests {

    private static final Logger LOG = Logger.getLogger(VerifiedDigests.class.getName());

    private VerifiedDigests() {
    }

    static Path recordFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".verified");
    }

    /** The "sha256 size mtime" stamp of the file as it is now. */
    private static String stamp(Path file, String sha256) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return String.format(Locale.ROOT, "%s %d %d", sha256, attributes.size(),
                attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS));
    }

    /** True when the file was verified against {@code expected} and has not changed since. */
    static boolean unchanged(Path file, String expected) {
        Path record = recordFile(file);
        try {
            return Files.isRegularFile(record) && Files.readString(record).trim().equals(stamp(file, expected));
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the record after the file matched {@code sha256}; a read-only folder only costs the next start a hash. */
    static void record(Path file, String sha256) {
        Path record = recordFile(file);
        try {
            Files.writeString(record, stamp(file, sha256) + "\n");
        } catch (IOException e) {
            LOG.info(() -> "cannot record the verified sha256 of " + file + " (" + e.getMessage()
                    + "); it will be hashed again at the next start");
        }
    }
}
