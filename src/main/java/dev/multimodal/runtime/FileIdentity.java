package dev.multimodal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One version of a file, as told by its metadata alone: size, modification time, inode number and
 * inode change time (ctime). Size and modification time can be put back ({@code touch -r},
 * {@code Files.setLastModifiedTime}); the change time cannot: the kernel sets it to "now" at every
 * write, truncation, rename or {@code utimes} call, so an edit that restores the others still shows.
 * A copy of the file (a new volume, an image layer) has a new inode and change time, so it is hashed
 * again once, which is the point.
 *
 * @param inode   -1 where the file system has no unix attributes: such an identity binds nothing
 * @param changed the inode change time in nanoseconds; -1 as above
 */
public record FileIdentity(long size, long modifiedMicros, long inode, long changed) {

    /**
     * The kernel stamps ctime from a coarse clock (one tick, 1-10 ms, on Linux); a margin well above
     * that lets {@link #settle} make sure a later change cannot carry the same ctime.
     */
    private static final long RACY_MARGIN_MS = 50;

    public static FileIdentity of(Path file) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
        long inode = -1;
        long changed = -1;
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:ino,ctime");
            inode = ((Number) unix.get("ino")).longValue();
            changed = ((FileTime) unix.get("ctime")).to(TimeUnit.NANOSECONDS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // not a unix file system: the identity binds nothing and the file is always hashed
        }
        return new FileIdentity(basic.size(), basic.lastModifiedTime().to(TimeUnit.MICROSECONDS), inode, changed);
    }

    /**
     * Written out: a record's generated equals bootstraps java.lang.invoke at its first call, which
     * cost the first start-up check 150-400 ms while the framework starts beside it.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof FileIdentity o
                && size == o.size
                && modifiedMicros == o.modifiedMicros
                && inode == o.inode
                && changed == o.changed;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 * 31 * 31
                + Long.hashCode(modifiedMicros) * 31 * 31
                + Long.hashCode(inode) * 31
                + Long.hashCode(changed);
    }

    /** Whether this identity can stand for the file's contents: only with an inode change time. */
    public boolean binds() {
        return inode >= 0 && changed >= 0;
    }

    /**
     * Waits, at most the margin, until the clock is clearly past the file's change time, so that any
     * change after this returns gets a later ctime (a "racily clean" file, as git calls it). Only a
     * file written in the last few milliseconds waits.
     */
    public void settle() {
        long wait = TimeUnit.NANOSECONDS.toMillis(changed) + RACY_MARGIN_MS - System.currentTimeMillis();
        if (changed >= 0 && wait > 0) {
            try {
                Thread.sleep(Math.min(wait, RACY_MARGIN_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** "size mtime inode ctime", as kept in a stamp. */
    String format() {
        return size + " " + modifiedMicros + " " + inode + " " + changed;
    }

    /** The identity written by {@link #format} at {@code parts[from..from+3]}; null when malformed. */
    static FileIdentity parse(String[] parts, int from) {
        if (parts.length < from + 4) {
            return null;
        }
        try {
            return new FileIdentity(
                    Long.parseLong(parts[from]),
                    Long.parseLong(parts[from + 1]),
                    Long.parseLong(parts[from + 2]),
                    Long.parseLong(parts[from + 3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
