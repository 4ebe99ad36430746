package dev.multimodal.registry;

import dev.multimodal.models.ModelRepository;
import dev.multimodal.runtime.Niceness;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.StartupLog;
import dev.multimodal.text.TextTokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way the models of a {@link LoadPlan} are loaded: the repository (checksums and ONNX Runtime
 * sessions), the text models' tokenizers, then every model's encoders, built and warmed up. Called
 * by {@link ModelService} at start-up, or earlier, on a thread of its own, by
 * {@code startup.EarlyModels} while the JVM and Quarkus are still starting; {@link ModelService} then
 * {@linkplain #takeEarly takes} what was loaded early when it was loaded for the plan Quarkus's own
 * configuration gives, and loads again otherwise.
 */
public final class ModelLoader {

    private static final Logger LOG = Logger.getLogger(ModelLoader.class.getName());

    /** What a plan loaded: the encoders' meters went to {@code meters}. */
    public record Loaded(
            LoadPlan plan,
            OnnxRuntimeHost host,
            ModelRepository repository,
            MeterRegistry meters,
            Map<String, Prepared> encoders) {

        /** Closes the encoders, then the repository: loaded for another plan. */
        public void close() {
            encoders.values().forEach(Prepared::close);
            repository.close();
        }
    }

    /** One model's encoders, or why building them failed (reported by ModelService as that model's failure). */
    public record Prepared(EncoderFactory.Built built, Exception failure) {

        void close() {
            if (built != null) {
                EncoderFactory.close(built);
            }
        }
    }

    private static CompletableFuture<Loaded> early;

    private ModelLoader() {}

    /** Loads {@code plan}'s models and builds their encoders; a model whose build fails is kept as such. */
    public static Loaded load(LoadPlan plan, MeterRegistry meters) {
        Niceness.enable(plan.lowerPriority());
        long ort = System.nanoTime();
        OnnxRuntimeHost host = new OnnxRuntimeHost();
        StartupLog.phase("onnxruntime", "environment", ort);
        ModelRepository repository =
                ModelRepository.load(plan.dir(), plan.include(), plan.checksums(), host, plan.sessions());
        loadTokenizers(repository);
        EncoderFactory factory = new EncoderFactory(host.environment(), plan.batching(), meters, plan.warmUp())
                .withReferences(plan.checksums());
        Map<String, Prepared> encoders = new LinkedHashMap<>();
        for (ModelRepository.LoadedModel model : repository.loaded()) {
            String id = model.manifest().id();
            long built = System.nanoTime();
            try {
                encoders.put(id, new Prepared(factory.build(model), null));
                StartupLog.phase("encoders", id, built);
            } catch (Exception | LinkageError e) {
                encoders.put(id, new Prepared(null, e instanceof Exception x ? x : new IllegalStateException(e)));
            }
        }
        return new Loaded(plan, host, repository, meters, encoders);
    }

    /**
     * Loads every text model's tokenizer for its encoder to take ({@link TextTokenizer#preload}); the
     * first also loads the tokenizers' native library, once per process. Logged on its own
     * ({@code startup models tokenizers}), apart from the encoders' build and warm-up.
     */
    private static void loadTokenizers(ModelRepository repository) {
        long started = System.nanoTime();
        boolean any = false;
        for (ModelRepository.LoadedModel model : repository.loaded()) {
            if (model.manifest().file("tokenizer").isPresent()
                    && model.manifest().text() != null) {
                try {
                    any |= TextTokenizer.preload(
                            model.manifest().path("tokenizer"),
                            model.manifest().text().maxTokens());
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(Level.FINE, "a tokenizer was not loaded ahead of its encoder", e);
                }
            }
        }
        if (any) {
            StartupLog.phase("models", "tokenizers", started);
        }
    }

    /** Holds what an early load will give (completed with null when it failed), for one {@link #takeEarly}. */
    public static synchronized boolean offerEarly(CompletableFuture<Loaded> loading) {
        if (early != null) {
            return false;
        }
        early = loading;
        return true;
    }

    /**
     * What was loaded early for {@code plan}, waiting for it if it is still loading; null when nothing
     * was begun, it failed, or it was loaded for another plan (then it is closed).
     */
    public static Loaded takeEarly(LoadPlan plan) {
        CompletableFuture<Loaded> future;
        synchronized (ModelLoader.class) {
            future = early;
            early = null;
        }
        Loaded loaded = future == null ? null : future.join();
        if (loaded == null) {
            return null;
        }
        if (!loaded.plan().equals(plan)) {
            LOG.info("the models loaded early used " + loaded.plan() + ", the configuration says " + plan
                    + ": loading again");
            loaded.close();
            TextTokenizer.dropPreloaded();
            return null;
        }
        return loaded;
    }
}
