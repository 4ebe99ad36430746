package dev.multimodal.config;

import java.util.OptionalLong;

/** {@code mmf.http.*}: request bodies in flight. */
public interface HttpConfig {
    /**
     * Bytes of request bodies in flight at most, admitted from {@code Content-Length} before the
     * body is read and held until the answer is sent; past it, 503 with Retry-After and the
     * connection closed. Unset: an eighth of {@code MemoryShare#bytes} (32 MiB under
     * {@code -XX:MaxRAM=1g}). One body larger than it is read only alone.
     */
    OptionalLong maxBodyBytesInFlight();
}
