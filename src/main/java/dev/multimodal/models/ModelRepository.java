package dev.multimodal.models;

import dev.multimodal.runtime.LoadedSession;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.runtime.StartupLog;
import dev.multimodal.settings.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The models under one folder, each in {@code <dir>/<id>/model.json}. Loading reads every manifest,
 * checks its files and opens a session; a model that fails is kept with its reason and the others
 * still load, so the service can start and say what is wrong on its readiness check.
 */
public final class ModelRepository implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelRepository.class.getName());

    /** A manifest with a session open for each of its graphs. */
    public record LoadedModel(ModelManifest manifest, Map<String, LoadedSession> sessions) {

        /** The session of the graph with this file role ("model", "vision", "detection"...). */
        public LoadedSession session(String role) {
            return sessions.get(role);
        }

        /** The execution provider its graphs run on; {@code java} for a model without graphs (Sphinx4). */
        public String providerLabel() {
            return sessions.isEmpty() ? "java" : session().provider().label();
        }

        /** The first graph's session: the only one of a single-graph model. */
        public LoadedSession session() {
            return sessions.values().iterator().next();
        }
    }

    private final Map<String, ModelStatus> statuses = new LinkedHashMap<>();
    private final Map<String, LoadedModel> loaded = new LinkedHashMap<>();

    private ModelRepository() {}

    /**
     * @param include model ids to load; empty loads every manifest found
     */
    public static ModelRepository load(
            Path dir, Set<String> include, boolean verifyChecksums, OnnxRuntimeHost host, SessionSettings settings) {
        return load(dir, include, verifyChecksums ? ChecksumMode.CACHED : ChecksumMode.OFF, host, settings);
    }

    /**
     * @param include   model ids to load; empty loads every manifest found
     * @param checksums how far each file is checked against its sha256
     */
    public static ModelRepository load(
            Path dir, Set<String> include, ChecksumMode checksums, OnnxRuntimeHost host, SessionSettings settings) {
        StartupLog.uptime("models-start");
        long started = System.nanoTime();
        ModelRepository repository = new ModelRepository();
        ManifestReader reader = new ManifestReader();
        Set<String> wanted = new TreeSet<>(include);
        // checksums and sessions of every model and graph at once: opening a session is mostly one
        // thread's work, and a model of several graphs (OCR) or a function of several models waits
        // for the slowest instead of the sum
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
                    Thread thread = new Thread(runnable, "model-loader");
                    thread.setDaemon(true);
                    return thread;
                });
        Map<String, CompletableFuture<LoadedModel>> loading = new LinkedHashMap<>();
        try {
            for (Path folder : folders(dir)) {
                String id = folder.getFileName().toString();
                if (!include.isEmpty() && !include.contains(id)) {
                    continue;
                }
                wanted.remove(id);
                try {
                    ModelManifest manifest = reader.read(folder);
                    if (repository.notInstalled(manifest, include)) {
                        continue;
                    }
                    repository.statuses.put(id, ModelStatus.loading(id));
                    loading.put(id, loadAsync(manifest, checksums, host, settings, pool));
                } catch (ManifestException e) {
                    repository.failed(e.modelId(), e);
                } catch (RuntimeException e) {
                    repository.failed(id, new ManifestException(id, "model", e.toString(), "see the log"));
                }
            }
            repository.await(loading);
        } finally {
            pool.shutdown();
        }
        for (String missing : wanted) {
            ManifestException e = new ManifestException(
                    missing,
                    Keys.MODELS_INCLUDE,
                    "no manifest at " + dir.resolve(missing).resolve(ManifestReader.MANIFEST),
                    "add the model folder or remove it from " + Keys.MODELS_INCLUDE);
            repository.failed(missing, e);
        }
        StartupLog.phase("models", "checksums+sessions", started);
        return repository;
    }

    /**
     * An optional model (e.g. CLIP) that nobody fetched, when no model was asked for by name: it is
     * listed as not installed, saying how to get it, without failing readiness.
     */
    private boolean notInstalled(ModelManifest manifest, Set<String> include) {
        if (manifest.bundled() || !include.isEmpty() || Checksums.present(manifest)) {
            return false;
        }
        String id = manifest.id();
        boolean local =
                manifest.files().stream().anyMatch(f -> f.source().type().equals("local"));
        statuses.put(
                id,
                ModelStatus.notInstalled(
                        id, local ? "make it on this machine (a head: train-head)" : "models/fetch " + id));
        return true;
    }

    private void failed(String id, ManifestException failure) {
        LOG.severe(failure.getMessage());
        statuses.put(id, ModelStatus.failed(failure));
    }

    /** Waits for every model being loaded; each that failed is FAILED with its reason. */
    private void await(Map<String, CompletableFuture<LoadedModel>> loading) {
        for (Map.Entry<String, CompletableFuture<LoadedModel>> entry : loading.entrySet()) {
            String id = entry.getKey();
            try {
                loaded.put(id, entry.getValue().join());
            } catch (CompletionException e) {
                failed(
                        id,
                        e.getCause() instanceof ManifestException m
                                ? m
                                : new ManifestException(id, "model", String.valueOf(e.getCause()), "see the log"));
            }
        }
    }

    /** Checks the model's files, then opens each of its graphs on the pool, then checks their tensors. */
    private static CompletableFuture<LoadedModel> loadAsync(
            ModelManifest manifest,
            ChecksumMode checksums,
            OnnxRuntimeHost host,
            SessionSettings settings,
            ExecutorService pool) {
        String id = manifest.id();
        CompletableFuture<Void> checked = CompletableFuture.runAsync(
                () -> {
                    long started = System.nanoTime();
                    try {
                        Checksums.check(manifest, checksums);
                    } catch (ManifestException e) {
                        throw new CompletionException(e);
                    }
                    StartupLog.phase("checksums-" + checksums.name().toLowerCase(Locale.ROOT), id, started);
                },
                pool);
        Map<String, CompletableFuture<LoadedSession>> graphs = new LinkedHashMap<>();
        for (String role : manifest.graphRoles()) {
            graphs.put(role, checked.thenApplyAsync(ignored -> openGraph(manifest, role, host, settings), pool));
        }
        return CompletableFuture.allOf(graphs.values().toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> {
                    Map<String, LoadedSession> sessions = new LinkedHashMap<>();
                    graphs.forEach((role, graph) -> {
                        if (!graph.isCompletedExceptionally()) {
                            sessions.put(role, graph.join());
                        }
                    });
                    try {
                        if (failure != null) {
                            throw failure instanceof CompletionException c && c.getCause() != null
                                    ? c.getCause()
                                    : failure;
                        }
                        TensorCheck.check(manifest, sessions);
                        return new LoadedModel(manifest, sessions);
                    } catch (Throwable e) {
                        sessions.values().forEach(LoadedSession::close);
                        throw e instanceof ManifestException m
                                ? new CompletionException(m)
                                : new CompletionException(
                                        new ManifestException(id, "model", e.toString(), "see the log"));
                    }
                });
    }

    private static LoadedSession openGraph(
            ModelManifest manifest, String role, OnnxRuntimeHost host, SessionSettings settings) {
        long opened = System.nanoTime();
        try {
            LoadedSession session =
                    host.open(manifest.id() + (role.equals("model") ? "" : "/" + role), manifest.path(role), settings);
            StartupLog.phase("session", manifest.id() + "/" + role, opened);
            return session;
        } catch (Exception e) {
            throw new CompletionException(new ManifestException(
                    manifest.id(),
                    "files",
                    "ONNX Runtime cannot open the " + role + " graph (" + e.getMessage() + ")",
                    "check that the file is an ONNX graph this runtime supports"));
        }
    }

    private static List<Path> folders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(ManifestReader.MANIFEST)))
                    .sorted()
                    .toList();
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
        statuses.put(id, statuses.get(id).ready(model.providerLabel()));
    }

    public synchronized void markFailed(ManifestException e) {
        statuses.put(e.modelId(), ModelStatus.failed(e));
    }

    public synchronized boolean allReady() {
        return statuses.values().stream().anyMatch(s -> s.state() == ModelStatus.State.READY)
                && statuses.values().stream()
                        .allMatch(s ->
                                s.state() == ModelStatus.State.READY || s.state() == ModelStatus.State.NOT_INSTALLED);
    }

    @Override
    public void close() {
        for (LoadedModel model : loaded.values()) {
            try {
                model.sessions().values().forEach(LoadedSession::close);
            } catch (Exception e) {
                LOG.warning("closing " + model.manifest().id() + ": " + e);
            }
        }
        loaded.clear();
    }
}
