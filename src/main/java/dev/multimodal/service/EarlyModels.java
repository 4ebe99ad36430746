package dev.multimodal.service;

import dev.multimodal.models.ModelRepository;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.StartupLog;
import dev.multimodal.text.TextTokenizer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.net.URL;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the model repository (checksums and ONNX Runtime sessions) on a thread of its own while the
 * JVM and Quarkus are still starting, so that a cold start waits for the longer of the two instead
 * of their sum: {@link dev.multimodal.Main} begins it before {@code Quarkus.run}.
 * <p>
 * It reads the same configuration Quarkus will (system properties, environment, {@code
 * application.properties} in the active profile, and {@link MmfConfig}'s defaults) into a
 * {@link LoadPlan}. {@link ModelService} takes the repository only when its own plan, from Quarkus's
 * configuration, is equal; otherwise the early one is closed and the models are loaded as before.
 * Any failure here is logged and leaves the normal path to do the work: this can make a start
 * faster, never break it. Tests and the Lambda handler, which do not run {@code Main}, load as before.
 */
public final class EarlyModels {

    private static final Logger LOG = Logger.getLogger(EarlyModels.class.getName());

    record Loaded(LoadPlan plan, OnnxRuntimeHost host, ModelRepository repository) {
    }

    private static volatile CompletableFuture<Loaded> loading;

    private EarlyModels() {
    }

    /** Starts loading, once; returns at once. */
    public static synchronized void begin() {
        if (loading != null) {
            return;
        }
        CompletableFuture<Loaded> future = new CompletableFuture<>();
        loading = future;
        Thread thread = new Thread(() -> {
            try {
                long started = System.nanoTime();
                LoadPlan plan = LoadPlan.of(config());
                OnnxRuntimeHost host = new OnnxRuntimeHost();
                ModelRepository repository = ModelRepository.load(plan.dir(), plan.include(), plan.checksums(),
                        host, plan.sessions());
                StartupLog.phase("early", "models", started);
                loadTokenizerLibrary(repository);
                future.complete(new Loaded(plan, host, repository));
            } catch (Throwable e) {
                LOG.log(Level.INFO, "models were not loaded early (" + e + "); they load at start-up instead");
                future.complete(null);
            }
        }, "early-models");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens and closes the first text model's tokenizer: what costs is loading the tokenizers' native
     * library, once per process, which the text encoder then finds done.
     */
    private static void loadTokenizerLibrary(ModelRepository repository) {
        for (ModelRepository.LoadedModel model : repository.loaded()) {
            if (model.manifest().file("tokenizer").isPresent()) {
                long started = System.nanoTime();
                try (TextTokenizer tokenizer = new TextTokenizer(model.manifest().path("tokenizer"), 8)) {
                    StartupLog.phase("early", "tokenizer-library", started);
                } catch (Exception | LinkageError e) {
                    LOG.log(Level.FINE, "the tokenizer library was not loaded early", e);
                }
                return;
            }
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
            loaded.repository().close();
            return null;
        }
        return loaded;
    }

    /** The configuration as Quarkus will read it for {@code mmf.*} in the profile it will run. */
    static MmfConfig config() {
        return config(System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod")));
    }

    static MmfConfig config(String profile) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors()
                .withProfile(profile)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(MmfConfig.class);
        URL properties = Thread.currentThread().getContextClassLoader().getResource("application.properties");
        if (properties != null) {
            try {
                builder.withSources(new PropertiesConfigSource(properties, 250));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(MmfConfig.class);
    }
}
