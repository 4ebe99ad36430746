package dev.multimodal.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gateway.*}: where the gateway's steps run. A function with {@code gateway.functions.<name>.url}
 * set (e.g. {@code gateway.functions.analyze-image.url=http://analyze-image.default.svc}) is called
 * there as a binary CloudEvent; the others run in this process.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Map<String, Function> functions();

    /** Time for one call to a remote function. */
    @WithDefault("60s")
    Duration timeout();

    /** Retries of a remote call answered 503 or 429, or not answered at all. */
    @WithDefault("2")
    int retries();

    /** Wait before the first retry; doubled for each next one. */
    @WithDefault("200ms")
    Duration backoff();

    interface Function {
        Optional<String> url();
    }
}
