package dev.multimodal.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multimodal.registry.LoadPlan;
import dev.multimodal.runtime.OptimizationLevel;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The early read of the configuration names and converts properties as Quarkus's mapping does. */
class EarlyConfigTest {

    @Test
    void methodsArePropertiesInKebabCase() {
        assertEquals("max-bytes-in-flight", EarlyConfig.kebab("maxBytesInFlight"));
        assertEquals("intra-op-threads", EarlyConfig.kebab("intraOpThreads"));
        assertEquals("dir", EarlyConfig.kebab("dir"));
    }

    @Test
    void environmentVariablesAreThePropertyInCapitalsWithUnderscores() {
        assertEquals("MMF_MODELS_INCLUDE", EarlyConfig.environmentName("mmf.models.include"));
        assertEquals("MMF_BATCH_MAX_BYTES_IN_FLIGHT", EarlyConfig.environmentName("mmf.batch.max-bytes-in-flight"));
        assertEquals("_MMF_X", EarlyConfig.environmentName("%mmf.x"));
    }

    @Test
    void everyGroupPropertyIsReadFromSystemPropertiesFirst() {
        String[][] set = {
            {"mmf.models.include", " b , a ,"}, {"mmf.models.verify-checksums", "false"},
            {"mmf.models.warm-up", "false"}, {"mmf.runtime.provider", "cpu"},
            {"mmf.runtime.intra-op-threads", "3"}, {"mmf.runtime.inter-op-threads", "2"},
            {"mmf.runtime.optimization-level", "basic"}, {"mmf.runtime.memory-pattern", "true"},
            {"mmf.runtime.cpu-arena", "false"}, {"mmf.runtime.allow-spinning", "true"},
            {"mmf.runtime.graph-cache", "false"}, {"mmf.batch.max-size", "7"},
            {"mmf.batch.max-delay-micros", "123"}, {"mmf.batch.queue-capacity", "11"},
            {"mmf.batch.workers", "5"}, {"mmf.batch.retry-after-seconds", "9"},
            {"mmf.batch.max-bytes-in-flight", "4096"}, {"mmf.batch.queue-deadline", "750ms"},
            {"mmf.batch.drain-timeout", "PT3S"}, {"mmf.runtime.arena-shrink-bytes", "1234"},
            {"mmf.batch.caller-runs", "false"}
        };
        for (String[] kv : set) {
            System.setProperty(kv[0], kv[1]);
        }
        try {
            LoadPlan plan = EarlyConfig.plan("prod");
            assertEquals(Set.of("a", "b"), plan.include());
            assertEquals(dev.multimodal.models.ChecksumMode.OFF, plan.checksums());
            assertEquals(false, plan.warmUp());
            var s = plan.sessions();
            assertEquals(dev.multimodal.runtime.ExecutionProvider.CPU, s.provider());
            assertEquals(3, s.intraOpThreads());
            assertEquals(2, s.interOpThreads());
            assertEquals(OptimizationLevel.BASIC, s.optimizationLevel());
            assertEquals(true, s.memoryPattern());
            assertEquals(false, s.cpuArena());
            assertEquals(true, s.allowSpinning());
            assertEquals(false, s.graphCache());
            var b = plan.batching();
            // the arena is off, so nothing shrinks it
            assertEquals(new dev.multimodal.runtime.BatcherSettings(7, 123, 11, 5, 9, 4096, 750, 3000, 0, false), b);
            System.setProperty("mmf.runtime.cpu-arena", "true");
            assertEquals(1234, EarlyConfig.plan("prod").batching().arenaShrinkBytes());
        } finally {
            for (String[] kv : set) {
                System.clearProperty(kv[0]);
            }
        }
    }

    @Test
    void aValueThatIsNotANumberIsRefused() {
        System.setProperty("mmf.batch.workers", "two");
        try {
            assertThrows(NumberFormatException.class, () -> EarlyConfig.plan("prod"));
        } finally {
            System.clearProperty("mmf.batch.workers");
        }
    }

    @Test
    void durationsAreReadAsQuarkusReadsThem() {
        assertEquals(Duration.ofSeconds(20), EarlyConfig.duration("20"));
        assertEquals(Duration.ofSeconds(20), EarlyConfig.duration("20s"));
        assertEquals(Duration.ofSeconds(20), EarlyConfig.duration("PT20S"));
        assertEquals(Duration.ofMillis(500), EarlyConfig.duration("500ms"));
        assertEquals(Duration.ofMinutes(2), EarlyConfig.duration("2m"));
        assertEquals(Duration.ofHours(1), EarlyConfig.duration("1h"));
        assertEquals(Duration.ofDays(1), EarlyConfig.duration("1d"));
    }
}
