package dev.multimodal.config;

import dev.multimodal.api.Overflow;
import io.smallrye.config.WithDefault;
import java.util.OptionalLong;

/** {@code mmf.text.*}: the text model and the limits on texts. */
public interface TextConfig {
    /** Model used when a request names none. */
    @WithDefault("all-minilm-l6-v2-q")
    String defaultModel();

    /** Model used instead when it runs on CUDA (int8 pays on CPU, fp32 on a GPU). */
    @WithDefault("all-minilm-l6-v2")
    String defaultModelCuda();

    @WithDefault("256")
    int maxTexts();

    /** Characters per text at most. */
    @WithDefault("100000")
    int maxChars();

    /**
     * Characters of text requests in flight at most (encode-text's texts, a score-summaries document),
     * admitted before they are tokenised and held until the answer is ready; past it, 503 with
     * Retry-After. Unset: derived from the memory the process has ({@code MemoryShare#chars}: the
     * smaller of the heap and a quarter of the memory limit, at 16 bytes a character; 16 M under
     * {@code -XX:MaxRAM=1g}). One request larger than it runs only alone.
     */
    OptionalLong maxCharsInFlight();

    /** truncate or average: what happens to a text past the model's token limit. */
    @WithDefault("truncate")
    Overflow overflow();
}
