package dev.multimodal.config;

import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code mmf.image.*}: limits on the images a request sends, the threads that decode them, and the default image model. */
public interface ImageConfig {
    /** Encoded size at most (413 past it). */
    @WithDefault("20971520")
    long maxBytes();

    /** Width × height at most, read from the header before decoding (413 past it). */
    @WithDefault("40000000")
    long maxPixels();

    /**
     * Decoded pixels of the image requests in flight at most, checked from each image's header
     * before it is decoded and held until its answer is sent; past it, 503 with Retry-After.
     * Unset: derived from the memory the process has ({@code MemoryShare#pixels}: the smaller of
     * the heap and a quarter of the memory limit, at 64 bytes a pixel; 4 MP under
     * {@code -XX:MaxRAM=1g}, 8 MP in a 2 GiB pod), and then no single image larger than it is
     * accepted either (413), since it could not be decoded within the memory. Set: one image larger
     * than it runs only alone.
     */
    OptionalLong maxPixelsInFlight();

    /** Shortest side at least (400 below it). */
    @WithDefault("8")
    int minSide();

    /**
     * Threads that parse large request bodies and decode images, below the event loops' priority;
     * 0 = four per core. A burst waits for them in a queue instead of starting a thread per request.
     */
    @WithDefault("0")
    int threads();

    /**
     * Requests that may wait for an image thread, beyond those running on one; 0 = twice the
     * threads. Past it, 503 with Retry-After at once, before the body is parsed: in a burst, a
     * request queued behind hundreds of others would only be refused later.
     */
    @WithDefault("0")
    int maxWaiting();

    /** The image model when a request names none; unset: a CLIP model if one is installed, else ocr-text. */
    Optional<String> defaultModel();

    ImageUrlConfig url();
}
