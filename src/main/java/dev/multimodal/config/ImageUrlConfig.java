package dev.multimodal.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code mmf.image.url.*}: fetching {@code imageUrl} (and {@code audioUrl}), off unless turned on. */
public interface ImageUrlConfig {
    /** Fetching imageUrl is off unless turned on. */
    @WithDefault("false")
    boolean enabled();

    @WithDefault("20971520")
    long maxBytes();

    @WithDefault("10s")
    Duration timeout();

    @WithDefault("3")
    int maxRedirects();

    /** Private ranges allowed as exceptions to the block list, e.g. 10.20.0.0/16 for an internal store. */
    Optional<List<String>> allowedCidrs();
}
