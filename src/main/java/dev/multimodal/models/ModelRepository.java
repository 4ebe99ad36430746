package dev.multimodal.models;

import dev.multimodal.runtime.LoadedSession;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The models under one folder, each in {@code <dir>/<id>/model.json}. Loading reads every manifest,
 * checks its files and opens a session; a model that fails is kept with its reason and the others
 * still load, so the service can start and say what is wrong on its readiness check.
 */
public final class ModelRepository implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelRepository.class.getName());

    /** A manifest with its open session. */
    public record LoadedModel(ModelManifest manifest, LoadedSession session) {
    }

    private final Map<String, ModelStatus> statuses = new LinkedHashMap<>();
    private final Map<String, LoadedModel> loaded = new LinkedHashMap<>();

    private ModelRepository() {
    }

    /**
     * @param include model ids to load; empty loads every manifest found
     */
    public static ModelRepository load(Path dir, Set<String> include, boolean verifyChecksums,
                                       OnnxRuntimeHost host, SessionSettings settings) {
        ModelRepository repository = new ModelRepository();
        ManifestReader reader = new ManifestReader();
        Set<String> wanted = new TreeSet<>(include);
        for (Path folder : folders(dir)) {
            String id = folder.getFileName().toString();
            if (!include.isEmpty() && !include.contains(id)) {
                continue;
            }
            wanted.remove(id);
            try {
                ModelManifest manifest = reader.read(folder);
                Checksums.check(manifest, verifyChecksums);
                LoadedSession session;
                try {
                    session = host.open(id, manifest.path("model"), settings);
                } catch (Exception e) {
                    throw new ManifestException(id, "files", "ONNX Runtime cannot open the model ("
                            + e.getMessage() + ")", "check that the model file is an ONNX graph this runtime supports");
                }
                try {
                    TensorCheck.check(manifest, session.session());
                } catch (ManifestException e) {
                    session.close();
                    throw e;
                }
                repository.loaded.put(id, new LoadedModel(manifest, session));
                repository.statuses.put(id, ModelStatus.loading(id));
            } catch (ManifestException e) {
                LOG.severe(e.getMessage());
                repository.statuses.put(e.modelId(), ModelStatus.failed(e));
            } catch (Exception e) {
                ManifestException wrapped = new ManifestException(id, "model", e.toString(), "see the log");
                LOG.severe(wrapped.getMessage());
                repository.statuses.put(id, ModelStatus.failed(wrapped));
            }
        }
        for (String missing : wanted) {
            ManifestException e = new ManifestException(missing, "mmf.models.include",
                    "no manifest at " + dir.resolve(missing).resolve(ManifestReader.MANIFEST),
                    "add the model folder or remove it from mmf.models.include");
            LOG.severe(e.getMessage());
            repository.statuses.put(missing, ModelStatus.failed(e));
        }
        return repository;
    }

    private static List<Path> folders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(ManifestReader.MANIFEST))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Optional<LoadedModel> get(String id) {
        return Optional.ofNullable(loaded.get(id));
    }

    public Collection<LoadedModel> loaded() {
        return loaded.values();
    }

    public synchronized List<ModelStatus> statuses() {
        return new ArrayList<>(statuses.values());
    }

    public synchronized void markReady(String id) {
        LoadedModel model = loaded.get(id);
        statuses.put(id, statuses.get(id).ready(model.session().provider().label()));
    }

    public synchronized void markFailed(ManifestException e) {
        statuses.put(e.modelId(), ModelStatus.failed(e));
    }

    public synchronized boolean allReady() {
        return !statuses.isEmpty() && statuses.values().stream().allMatch(s -> s.state() == ModelStatus.State.READY);
    }

    @Override
    public void close() {
        for (LoadedModel model : loaded.values()) {
            try {
                model.session().close();
            } catch (Exception e) {
                LOG.warning("closing " + model.manifest().id() + ": " + e);
            }
        }
        loaded.clear();
    }
}
