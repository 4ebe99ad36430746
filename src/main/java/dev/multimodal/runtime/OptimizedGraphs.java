package dev.multimodal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Where a graph optimised by ONNX Runtime is kept, so that later starts skip the optimisation.
 * <p>
 * At the highest levels ONNX Runtime rewrites a graph for the CPU it runs on (NCHWc layouts, fused
 * kernels chosen by instruction set), so a saved graph is only valid on the same CPU, runtime version
 * and optimisation level, and for the same source file. All of these go into the cache file's name:
 * {@code <model file>.<source key>.<runtime key>.opt.onnx}. A change of any of them misses the cache
 * and writes a new one; graphs of the same source for other CPUs are kept (a shared volume read by
 * nodes of several kinds), graphs of an older source are removed.
 * <p>
 * A saved graph is trusted only through its own digest, {@code <cache file>.digest} (a
 * {@link DigestStamps} stamp written after the graph, both atomically): a graph with no digest, or
 * whose bytes no longer match it, is rebuilt from the source, which was verified against its manifest
 * before. The stamp binds the digest to the graph's inode change time, so an unchanged graph is not
 * read twice at each start, and an overwritten one is hashed and caught.
 */
public final class OptimizedGraphs {

    private static final Logger LOG = Logger.getLogger(OptimizedGraphs.class.getName());
    private static final String SUFFIX = ".opt.onnx";
    private static final String DIGEST = ".digest";
    private static volatile String cpu;

    private OptimizedGraphs() {}

    /** The cache file for this source graph under these conditions. */
    static Path cacheFile(Path modelFile, String ortVersion, String optimizationLevel) throws IOException {
        String runtime = String.join("\n", ortVersion, optimizationLevel, cpuFingerprint());
        return modelFile.resolveSibling(sourcePrefix(modelFile) + shortHash(runtime) + SUFFIX);
    }

    /** {@code <model file>.<source key>.}: the size and modification time of the source graph. */
    private static String sourcePrefix(Path modelFile) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(modelFile, BasicFileAttributes.class);
        String source = attributes.size() + "\n" + attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
        return modelFile.getFileName() + "." + shortHash(source) + ".";
    }

    /** Removes the saved graphs of older versions of this source file. */
    static void removeStale(Path modelFile) {
        String prefix = modelFile.getFileName() + ".";
        String current;
        try {
            current = sourcePrefix(modelFile);
        } catch (IOException e) {
            return;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(
                modelFile.getParent(),
                p -> p.getFileName().toString().startsWith(prefix)
                        && (p.getFileName().toString().endsWith(SUFFIX)
                                || p.getFileName().toString().endsWith(SUFFIX + DIGEST)))) {
            for (Path stale : siblings) {
                if (!stale.getFileName().toString().startsWith(current)) {
                    Files.deleteIfExists(stale);
                }
            }
        } catch (IOException e) {
            LOG.fine(() -> "cannot tidy old optimised graphs of " + modelFile + ": " + e);
        }
    }

    /**
     * A short key for the conditions under which a graph computes exactly what it computed before:
     * this ONNX Runtime version, this CPU (model and instruction sets), this execution provider.
     */
    public static String runtimeKey(String ortVersion, String provider) {
        return shortHash(String.join("\n", ortVersion, cpuFingerprint(), provider));
    }

    /** Where the digest of a saved graph is kept. */
    static Path digestFile(Path cache) {
        return cache.resolveSibling(cache.getFileName() + DIGEST);
    }

    /**
     * Null when the saved graph matches its digest; otherwise what is wrong with it. The graph is read
     * only when its identity differs from the one its digest was recorded with (then the digest is
     * recorded again for the new identity: a copied volume is hashed once).
     */
    static String problem(Path cache) {
        Path digest = digestFile(cache);
        String expected = DigestStamps.recorded(digest);
        if (expected == null) {
            return "has no digest (written by an older version, or its writer was stopped)";
        }
        if (expected.equals(DigestStamps.trusted(cache, digest))) {
            return null;
        }
        try {
            FileIdentity before = FileIdentity.of(cache);
            String actual = DigestStamps.sha256(cache);
            if (!actual.equals(expected)) {
                return "has sha256 " + actual + ", not the " + expected + " it was saved with";
            }
            try {
                DigestStamps.record(cache, digest, actual, before);
            } catch (IOException e) {
                // a read-only folder: hashed again at the next start
            }
            return null;
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    /**
     * Makes the graph ONNX Runtime wrote to {@code partial} the saved graph: flushed, hashed, renamed
     * over {@code cache}, then its digest written beside it. A crash before the digest leaves a graph
     * without one, which the next start rebuilds.
     */
    static void commit(Path partial, Path cache) throws IOException {
        Files.deleteIfExists(digestFile(cache));
        String sha256 = DigestStamps.sha256(partial);
        DigestStamps.commit(partial, cache);
        DigestStamps.record(cache, digestFile(cache), sha256, FileIdentity.of(cache));
        if (DigestStamps.recorded(digestFile(cache)) == null) {
            // no unix attributes to bind to: the digest alone, hashed at every start
            DigestStamps.writeAtomically(
                    digestFile(cache), ("v2 " + sha256 + " -1 -1 -1 -1\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Removes a saved graph and its digest. */
    static void remove(Path cache) {
        try {
            Files.deleteIfExists(cache);
            Files.deleteIfExists(digestFile(cache));
        } catch (IOException e) {
            LOG.fine(() -> "cannot remove " + cache + ": " + e);
        }
    }

    /** The CPU model and instruction-set flags, which decide the kernels an optimised graph names. */
    static String cpuFingerprint() {
        String known = cpu;
        if (known != null) {
            return known;
        }
        String found =
                System.getProperty("os.arch") + " " + Runtime.getRuntime().availableProcessors();
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                List<String> lines = Files.readAllLines(info, StandardCharsets.UTF_8);
                String model = lines.stream()
                        .filter(l -> l.startsWith("model name"))
                        .findFirst()
                        .orElse("");
                String flags = lines.stream()
                        .filter(l -> l.startsWith("flags") || l.startsWith("Features"))
                        .findFirst()
                        .orElse("");
                found = System.getProperty("os.arch") + "\n" + model + "\n" + flags;
            } catch (IOException e) {
                // the architecture alone: a stale graph then fails to load and is rebuilt
            }
        }
        cpu = found;
        return found;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
