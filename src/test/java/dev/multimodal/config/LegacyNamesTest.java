package dev.multimodal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's settings moved under {@code mmf.}; a deployment that set the old names keeps them. */
class LegacyNamesTest {

    private static GatewayConfig gateway(Map<String, String> low, Map<String, String> high) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new LegacyNames())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(low, "application.properties", 250))
                .withSources(new PropertiesConfigSource(high, "environment", 300))
                .withMapping(MmfConfig.class)
                .build();
        return config.getConfigMapping(MmfConfig.class).gateway();
    }

    @Test
    void anOldNameIsReadWhenTheNewOneIsUnset() {
        GatewayConfig gateway = gateway(
                Map.of(),
                Map.of("gateway.timeout", "5s", "gateway.functions.analyze-image.url", "http://image.default.svc/"));
        assertEquals(Duration.ofSeconds(5), gateway.timeout());
        assertEquals(
                "http://image.default.svc/",
                gateway.functions().get("analyze-image").url().orElseThrow());
        assertEquals(2, gateway.retries(), "a setting set under neither name keeps its default");
    }

    @Test
    void theNewNameWinsInTheSameSourceAndAnOldOneSetAboveItWins() {
        assertEquals(
                Duration.ofSeconds(7),
                gateway(Map.of(), Map.of("gateway.timeout", "5s", "mmf.gateway.timeout", "7s"))
                        .timeout());
        assertEquals(
                Duration.ofSeconds(5),
                gateway(Map.of("mmf.gateway.timeout", "7s"), Map.of("gateway.timeout", "5s"))
                        .timeout(),
                "an environment variable with the old name overrides application.properties");
    }

    @Test
    void withNeitherNameTheStepsRunHere() {
        GatewayConfig gateway = gateway(Map.of(), Map.of());
        assertTrue(gateway.functions().isEmpty());
        assertEquals(Duration.ofSeconds(60), gateway.timeout());
    }
}
