package dev.multimodal.models;

/**
 * How model files are checked at start-up.
 * <ul>
 *   <li>{@code FULL}: every file is hashed at every start and compared with its sha256;</li>
 *   <li>{@code CACHED}: a file is hashed only when its size or modification time differs from the
 *       time it was last verified (by models/fetch, the build, or an earlier start); an unchanged file
 *       is trusted from its {@code <file>.verified} record;</li>
 *   <li>{@code OFF}: only that every file is there.</li>
 * </ul>
 */
public enum ChecksumMode {
    OFF, CACHED, FULL;

    public static ChecksumMode of(boolean verify, boolean full) {
        return !verify ? OFF : full ? FULL : CACHED;
    }
}
