package dev.multimodal.config;

import java.util.Optional;

/** {@code mmf.gateway.functions.<name>.*}: one chain step run by another service. */
public interface RemoteFunctionConfig {

    /** The step's service; unset, the step runs in this process. */
    Optional<String> url();
}
