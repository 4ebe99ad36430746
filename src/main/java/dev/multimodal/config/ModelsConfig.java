package dev.multimodal.config;

import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** {@code mmf.models.*}: which models load, from where, and how they are verified. */
public interface ModelsConfig {
    /** Folder of model folders, each with a model.json. */
    @WithDefault("models")
    String dir();

    /** Model ids to load; unset loads every manifest in the folder. */
    Optional<Set<String>> include();

    /** Check every model file against its sha256 at start-up and refuse one that does not match. */
    @WithDefault("true")
    boolean verifyChecksums();

    /** Hash every file at every start, instead of only files changed since they were last verified. */
    @WithDefault("false")
    boolean fullChecksums();

    /** Run one inference per model before readiness turns UP. */
    @WithDefault("true")
    boolean warmUp();
}
