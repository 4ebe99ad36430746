package dev.multimodal.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * {@code mmf.gateway.*}: where the gateway's steps run. A step with
 * {@code mmf.gateway.functions.<name>.url} set (e.g.
 * {@code mmf.gateway.functions.analyze-image.url=http://analyze-image.default.svc}) is called there as
 * a binary CloudEvent; the others run in this process. The names without {@code mmf.} still work,
 * with a warning ({@link LegacyNames}).
 */
public interface GatewayConfig {

    Map<String, RemoteFunctionConfig> functions();

    /** Time for one call to a remote function. */
    @WithDefault("60s")
    Duration timeout();

    /** Retries of a remote call answered 503 or 429, or not answered at all. */
    @WithDefault("2")
    int retries();

    /** Wait before the first retry; doubled for each next one. */
    @WithDefault("200ms")
    Duration backoff();
}
