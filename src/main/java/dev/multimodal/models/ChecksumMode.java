package dev.multimodal.models;

/**
 * How model files are checked at start-up.
 * <ul>
 *   <li>{@code FULL}: every file is hashed at every start and compared with its sha256;</li>
 *   <li>{@code CACHED}: a file is hashed only when its identity (size, modification time, inode and
 *       inode change time) differs from the one it had when it was last verified (by models/fetch,
 *       the build, or an earlier start); an unchanged file is trusted from its {@code <file>.verified}
 *       record. An edit whose size and time were put back still changes the inode change time;</li>
 *   <li>{@code OFF}: only that every file is there.</li>
 * </ul>
 */
public enum ChecksumMode {
    OFF,
    CACHED,
    FULL;

    public static ChecksumMode of(boolean verify, boolean full) {
        return !verify ? OFF : full ? FULL : CACHED;
    }
}
