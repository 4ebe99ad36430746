package dev.multimodal.startup;

import dev.multimodal.image.ImageDecoder;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.registry.LoadPlan;
import dev.multimodal.registry.ModelLoader;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.StartupLog;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs {@link ModelLoader} on a thread of its own while the JVM and Quarkus are still starting, so
 * that a cold start waits for the longer of the two instead of their sum: {@link Main} begins it
 * before {@code Quarkus.run}. The encoders' meters go to a registry of their own, which
 * {@link ModelService} joins to Quarkus's when it takes them (the warm-up's own runs are not counted).
 * <p>
 * It reads the same configuration Quarkus will ({@link EarlyConfig}) into a {@link LoadPlan};
 * {@link ModelService} takes what was loaded only when its own plan, from Quarkus's configuration,
 * is equal. Any failure here is logged and leaves the normal path to do the work: this can make a
 * start faster, never break it. Tests and the Lambda handler, which do not run {@code Main}, load at
 * start-up.
 */
public final class EarlyModels {

    private static final Logger LOG = Logger.getLogger(EarlyModels.class.getName());

    private EarlyModels() {}

    /** Starts loading, once; returns at once. */
    public static void begin() {
        CompletableFuture<ModelLoader.Loaded> future = new CompletableFuture<>();
        if (!ModelLoader.offerEarly(future)) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    long started = System.nanoTime();
                    try {
                        LoadPlan plan = plan();
                        StartupLog.phase("config", "early-read", started);
                        ModelLoader.Loaded loaded = ModelLoader.load(plan, new CompositeMeterRegistry());
                        future.complete(loaded);
                        warmImageCodecs(loaded.repository());
                        StartupLog.phase("early", "total", started);
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
            StartupLog.phase("codecs", "image", started);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "the image codecs were not warmed early", e);
        }
    }

    /** The plan Quarkus will derive from {@code mmf.*} in the profile it will run ({@link EarlyConfig}). */
    static LoadPlan plan() {
        return EarlyConfig.plan(
                System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod")));
    }
}
