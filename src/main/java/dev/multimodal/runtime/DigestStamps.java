package dev.multimodal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A file's sha256 bound to its {@link FileIdentity} in a small stamp file beside it:
 * {@code v2 <sha256> <size> <mtime µs> <inode> <ctime ns>}. A start-up that finds the file with the
 * same identity trusts the recorded digest without reading the file; any other identity (an edit, even
 * one whose size and time were put back, a copy, a file system without inode change times) means
 * hashing it again. Stamps and other small files are written atomically ({@link #writeAtomically}),
 * so a crash leaves the old file or the new one, never half of one.
 */
public final class DigestStamps {

    private static final String VERSION = "v2";
    /** A partial file this old belongs to no write still in progress. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private DigestStamps() {}

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

    /** The sha256 recorded in {@code stamp}, whatever the file's identity; null when there is none. */
    public static String recorded(Path stamp) {
        String[] parts = read(stamp);
        return parts == null ? null : parts[1];
    }

    /**
     * The sha256 recorded in {@code stamp} when {@code file} still has the identity it had when it was
     * hashed; null otherwise (no stamp, an old-format stamp, another identity, no unix attributes).
     */
    public static String trusted(Path file, Path stamp) {
        String[] parts = read(stamp);
        if (parts == null) {
            return null;
        }
        try {
            FileIdentity now = FileIdentity.of(file);
            return now.binds() && now.equals(FileIdentity.parse(parts, 2)) ? parts[1] : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String[] read(Path stamp) {
        try {
            if (!Files.isRegularFile(stamp)) {
                return null;
            }
            String[] parts =
                    Files.readString(stamp, StandardCharsets.US_ASCII).trim().split(" ");
            return parts.length == 6
                            && parts[0].equals(VERSION)
                            && parts[1].length() == 64
                            && FileIdentity.parse(parts, 2) != null
                    ? parts
                    : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Records that {@code file} hashed to {@code sha256}, {@code before} being its identity read before
     * it was hashed. Nothing is recorded when the file changed meanwhile, or has no identity to bind.
     *
     * @throws IOException when the stamp cannot be written (a read-only folder)
     */
    public static void record(Path file, Path stamp, String sha256, FileIdentity before) throws IOException {
        if (!before.binds()) {
            return;
        }
        before.settle();
        FileIdentity after = FileIdentity.of(file);
        if (!after.equals(before)) {
            return;
        }
        writeAtomically(
                stamp, (VERSION + " " + sha256 + " " + after.format() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes {@code target} through a partial file beside it: written, flushed to disk, renamed. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path partial = partialFile(target);
        try {
            try (FileChannel channel = FileChannel.open(
                    partial,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            commit(partial, target);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** {@code <target>.<pid>.partial}: where this process writes {@code target} before renaming it. */
    public static Path partialFile(Path target) {
        return target.resolveSibling(
                target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
    }

    /** Flushes {@code partial} to disk, renames it over {@code target}, then flushes the folder. */
    public static void commit(Path partial, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // a platform that cannot open a folder: the rename itself is still atomic
        }
    }

    /**
     * Removes the partial files that writes of {@code <file>.*} left behind: those of this process
     * (none is in progress before it starts writing them), of a process that is gone (kill -9 while a
     * graph was saved), or older than ten minutes (a process id reused, as in a container where the
     * service is always the same pid). A live write of another process loses only its own copy.
     */
    public static void removeStalePartials(Path file) {
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        String prefix = file.getFileName() + ".";
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(
                folder,
                p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".partial"))) {
            for (Path partial : partials) {
                String name = partial.getFileName().toString();
                String[] parts =
                        name.substring(0, name.length() - ".partial".length()).split("\\.");
                long pid;
                try {
                    pid = Long.parseLong(parts[parts.length - 1]);
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = pid != self
                        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                boolean old = Files.getLastModifiedTime(partial)
                        .toInstant()
                        .isBefore(Instant.now().minus(ABANDONED));
                if (!alive || old) {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException e) {
            // a read-only folder holds no partial file of ours
        }
    }
}
