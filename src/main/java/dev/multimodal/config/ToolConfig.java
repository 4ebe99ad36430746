package dev.multimodal.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of a tool that runs beside the service without Quarkus (train-head), so that the
 * use cases it builds apply the same limits: the mapping's defaults, then the system properties and
 * environment variables ({@code -Dmmf.audio.max-seconds=…}, {@code MMF_AUDIO_MAX_SECONDS}), then what
 * the tool's own options set, above them all.
 */
public final class ToolConfig {

    private ToolConfig() {}

    public static MmfConfig of(Map<String, String> options) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addSystemSources()
                .withInterceptors(new LegacyNames())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(options, "tool options", 500))
                .withMapping(MmfConfig.class)
                .build();
        return config.getConfigMapping(MmfConfig.class);
    }
}
