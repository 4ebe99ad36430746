package dev.multimodal.service;

import dev.multimodal.image.ImageDecoder;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.StartupLog;
import dev.multimodal.text.TextTokenizer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the model repository (checksums and ONNX Runtime sessions), then builds and warms up every
 * model's encoders, on a thread of their own while the JVM and Quarkus are still starting, so that a
 * cold start waits for the longer of the two instead of their sum: {@link dev.multimodal.Main} begins
 * it before {@code Quarkus.run}. The encoders' meters are registered in a registry of their own,
 * which {@link ModelService} joins to Quarkus's when it takes them (the warm-up's own runs are not
 * counted).
 * <p>
 * It reads the same configuration Quarkus will ({@link EarlyConfig}) into a {@link LoadPlan}.
 * {@link ModelService} takes the repository only when its own plan, from Quarkus's
 * configuration, is equal; otherwise the early one is closed and the models are loaded as before.
 * Any failure here is logged and leaves the normal path to do the work: this can make a start
 * faster, never break it. Tests and the Lambda handler, which do not run {@code Main}, load as before.
 */
public final class EarlyModels {

    private static final Logger LOG = Logger.getLogger(EarlyModels.class.getName());

    record Loaded(
            LoadPlan plan,
            OnnxRuntimeHost host,
            ModelRepository repository,
            CompositeMeterRegistry meters,
            Map<String, Prepared> encoders) {

        /** Closes the encoders built early, then the repository: loaded for another plan. */
        void close() {
            encoders.values().forEach(Prepared::close);
            repository.close();
        }
    }

    /** One model's encoders as built early, or why building them failed (reported by ModelService). */
    record Prepared(EncoderFactory.Built built, Exception failure) {

        void close() {
            if (built != null) {
                EncoderFactory.close(built);
            }
        }
    }

    private static volatile CompletableFuture<Loaded> loading;

    private EarlyModels() {}

    /** Starts loading, once; returns at once. */
    public static synchronized void begin() {
        if (loading != null) {
            return;
        }
        CompletableFuture<Loaded> future = new CompletableFuture<>();
        loading = future;
        Thread thread = new Thread(
                () -> {
                    try {
                        long started = System.nanoTime();
                        LoadPlan plan = plan();
                        StartupLog.phase("config", "early-read", started);
                        long ort = System.nanoTime();
                        OnnxRuntimeHost host = new OnnxRuntimeHost();
                        StartupLog.phase("onnxruntime", "environment", ort);
                        ModelRepository repository = ModelRepository.load(
                                plan.dir(), plan.include(), plan.checksums(), host, plan.sessions());
                        StartupLog.phase("early", "models", started);
                        loadTokenizers(repository);
                        CompositeMeterRegistry meters = new CompositeMeterRegistry();
                        Map<String, Prepared> encoders = buildEncoders(plan, host, repository, meters);
                        future.complete(new Loaded(plan, host, repository, meters, encoders));
                        warmImageCodecs(repository);
                    } catch (Throwable e) {
                        LOG.log(Level.INFO, "models were not loaded early (" + e + "); they load at start-up instead");
                        future.complete(null);
                    }
                },
                "early-models");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Builds and warms up every loaded model's encoders as {@link ModelService} would, with the
     * plan's batching and warm-up settings: on JDK 17 this hides the warm-up inference behind the
     * framework's start (80-110 ms for the image functions on two cores), and on the AOT path it runs
     * while Quarkus is still starting instead of after it.
     */
    private static Map<String, Prepared> buildEncoders(
            LoadPlan plan, OnnxRuntimeHost host, ModelRepository repository, CompositeMeterRegistry meters) {
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
                // kept for ModelService to report as this model's failure, as its own build would
                encoders.put(id, new Prepared(null, e instanceof Exception x ? x : new IllegalStateException(e)));
            }
        }
        return encoders;
    }

    /**
     * Where an image model was loaded, warms ImageIO's codecs ({@link ImageDecoder#warmUp}) after the
     * repository and its encoders are handed over: beside the rest of the framework's start, not
     * before the handover, and no longer on the first request's path.
     */
    private static void warmImageCodecs(ModelRepository repository) {
        boolean images = repository.loaded().stream()
                .anyMatch(model -> switch (model.manifest().family()) {
                    case IMAGE_ENCODER, CLIP, OCR -> true;
                    default -> false;
                });
        if (!images) {
            return;
        }
        long started = System.nanoTime();
        try {
            ImageDecoder.warmUp();
            StartupLog.phase("early", "image-codecs", started);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "the image codecs were not warmed early", e);
        }
    }

    /**
     * Loads every text model's tokenizer for its encoder to take ({@link TextTokenizer#preload}); the
     * first also loads the tokenizers' native library, once per process. Logged on its own
     * ({@code startup early tokenizers}), apart from the encoders' build and warm-up.
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
                    LOG.log(Level.FINE, "a tokenizer was not loaded early", e);
                }
            }
        }
        if (any) {
            StartupLog.phase("early", "tokenizers", started);
        }
    }

    /**
     * The repository loaded early for {@code plan}, waiting for it if it is still loading; null when
     * none was begun, it failed, or it was loaded for another plan (then it is closed).
     */
    static Loaded take(LoadPlan plan) {
        CompletableFuture<Loaded> future;
        synchronized (EarlyModels.class) {
            future = loading;
            loading = null;
        }
        if (future == null) {
            return null;
        }
        Loaded loaded = future.join();
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

    /** The plan Quarkus will derive from {@code mmf.*} in the profile it will run ({@link EarlyConfig}). */
    static LoadPlan plan() {
        return EarlyConfig.plan(
                System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod")));
    }
}
