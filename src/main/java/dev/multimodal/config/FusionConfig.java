package dev.multimodal.config;

import dev.multimodal.api.FusionStrategy;
import dev.multimodal.fusion.Fuser;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** {@code mmf.fusion.*}: fuse's defaults, limits and projections. */
public interface FusionConfig {
    /** Strategy when a request names none. */
    @WithDefault("weighted-average")
    FusionStrategy strategy();

    /** τ of the attention strategy. */
    @WithDefault("" + Fuser.Options.DEFAULT_TEMPERATURE)
    double temperature();

    @WithDefault("256")
    int maxParts();

    /** Space → projection head: parts of that space are projected before fusing, e.g. to match sizes. */
    Map<String, String> projections();
}
