package dev.multimodal.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.config.MmfConfig;
import dev.multimodal.models.ChecksumMode;
import dev.multimodal.registry.LoadPlan;
import dev.multimodal.registry.ModelLoader;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.ExecutionProvider;
import dev.multimodal.text.TextTokenizer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The models loaded before Quarkus starts are used only when they were loaded as Quarkus's own
 * configuration says: {@link EarlyModels} must read the same plan Quarkus does, and a different
 * plan must never be taken.
 */
@QuarkusTest
class EarlyModelsTest {

    @Inject
    MmfConfig config;

    @Inject
    ModelService models;

    @Test
    void theEarlyReadOfTheConfigurationGivesTheSamePlanAsQuarkus() {
        assertEquals(
                LoadPlan.of(config),
                EarlyConfig.plan("test"),
                "application.properties, its %test profile and MmfConfig's defaults, read before Quarkus starts");
        assertFalse(models.earlyLoaded(), "a @QuarkusTest does not run Main: the models were loaded at start-up");
    }

    @Test
    void theEarlyPlanFollowsSystemPropertiesAsQuarkusWould() {
        System.setProperty("mmf.models.include", "all-minilm-l6-v2-q");
        System.setProperty("mmf.runtime.intra-op-threads", "3");
        try {
            LoadPlan plan = EarlyConfig.plan("prod");
            assertEquals(Set.of("all-minilm-l6-v2-q"), plan.include());
            assertEquals(3, plan.sessions().intraOpThreads());
            assertEquals(ExecutionProvider.AUTO, plan.sessions().provider());
            assertEquals(
                    ChecksumMode.of(
                            config.models().verifyChecksums(), config.models().fullChecksums()),
                    plan.checksums());
        } finally {
            System.clearProperty("mmf.models.include");
            System.clearProperty("mmf.runtime.intra-op-threads");
        }
    }

    @Test
    void aTextModelsTokenizerIsLoadedEarlyAndDroppedWithAnotherPlan() {
        System.setProperty("mmf.models.include", "all-minilm-l6-v2-q");
        TextTokenizer.dropPreloaded();
        try {
            EarlyModels.begin();
            LoadPlan early = EarlyModels.plan();
            LoadPlan other = early.withInclude(Set.of("something-else"));
            assertNull(ModelLoader.takeEarly(other));
            assertEquals(0, TextTokenizer.preloaded(), "loaded for another plan: the tokenizer is closed too");
            EarlyModels.begin();
            ModelLoader.Loaded loaded = ModelLoader.takeEarly(early);
            assertNotNull(loaded);
            assertEquals(1, loaded.repository().loaded().size());
            assertEquals(0, TextTokenizer.preloaded(), "the text model's encoder, built early, took its tokenizer");
            loaded.close();
        } finally {
            TextTokenizer.dropPreloaded();
            System.clearProperty("mmf.models.include");
        }
    }

    @Test
    void theEncodersAreBuiltAndWarmedEarlyAndTheirMetersJoinQuarkussRegistry() throws Exception {
        System.setProperty("mmf.models.include", "all-minilm-l6-v2-q");
        try {
            EarlyModels.begin();
            ModelLoader.Loaded loaded = ModelLoader.takeEarly(EarlyModels.plan());
            assertNotNull(loaded);
            ModelLoader.Prepared prepared = loaded.encoders().get("all-minilm-l6-v2-q");
            assertNotNull(prepared, "built on the early thread");
            assertNull(prepared.failure());
            var encoder = prepared.built().text();
            assertNotNull(encoder);
            var quarkus = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            ((io.micrometer.core.instrument.composite.CompositeMeterRegistry) loaded.meters()).add(quarkus);
            var vectors = encoder.encode(
                            java.util.List.of("a cold start", "a warm one"), dev.multimodal.api.Overflow.TRUNCATE)
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(2, vectors.size());
            var batches = quarkus.find("mmf.batch.size")
                    .tag("model", "all-minilm-l6-v2-q")
                    .summary();
            assertNotNull(batches, "the batcher's meters reach the registry joined after they were made");
            assertEquals(2.0, batches.totalAmount(), "the two texts; the warm-up before the join is not counted");
            loaded.close();
        } finally {
            System.clearProperty("mmf.models.include");
        }
    }

    @Test
    void aRepositoryLoadedForAnotherPlanIsClosedAndNotTaken() throws Exception {
        Path empty = java.nio.file.Files.createTempDirectory("mmf-early");
        System.setProperty("mmf.models.dir", empty.toString());
        try {
            EarlyModels.begin();
            LoadPlan early = EarlyModels.plan();
            LoadPlan other = early.withInclude(Set.of("something-else"));
            assertNotEquals(early, other);
            assertNull(ModelLoader.takeEarly(other), "loaded for another plan: loaded again instead");
            assertNull(ModelLoader.takeEarly(early), "taken once at most");
            EarlyModels.begin();
            ModelLoader.Loaded loaded = ModelLoader.takeEarly(early);
            assertNotNull(loaded, "the same plan takes the repository loaded early");
            assertTrue(loaded.repository().loaded().isEmpty());
            loaded.close();
        } finally {
            System.clearProperty("mmf.models.dir");
        }
    }
}
