package dev.multimodal.http;

import dev.multimodal.config.MmfConfig;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Graceful drain, the HTTP side. On SIGTERM Quarkus first runs its pre-shutdown step (with
 * {@code quarkus.shutdown.delay-enabled}): readiness turns DOWN (SmallRye Health's shutdown check)
 * and this gate closes, so new work gets 503 with Retry-After at once while the requests already
 * accepted run on; {@code quarkus.shutdown.timeout} waits for them before the models are stopped.
 * Health, metrics and the other {@code /q/} endpoints stay open.
 */
@ApplicationScoped
public class DrainGate {

    private static final Logger LOG = Logger.getLogger(DrainGate.class.getName());

    @Inject
    MmfConfig config;

    private static final String MESSAGE = "the service is shutting down: retry on another instance";
    private static final String SHUTTING_DOWN = "{\"error\":\"" + MESSAGE + "\"}";
    private static final String OPENAI_SHUTTING_DOWN =
            "{\"error\":{\"message\":\"" + MESSAGE + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

    private volatile boolean draining;

    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        LOG.info("shutting down: readiness is DOWN and new requests get 503; finishing the ones accepted");
    }

    void install(@Observes Router router) {
        router.route().order(-2000).handler(this::handle);
    }

    public boolean draining() {
        return draining;
    }

    private void handle(RoutingContext ctx) {
        if (!draining || ctx.request().path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // HTTP/2 forbids connection-specific headers (RFC 9113 §8.2.2)
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response()
                .setStatusCode(503)
                .putHeader("Retry-After", Integer.toString(config.batch().retryAfterSeconds()))
                .putHeader("Content-Type", "application/json")
                .end(OpenAiErrors.covers(ctx.request().path()) ? OPENAI_SHUTTING_DOWN : SHUTTING_DOWN);
    }
}
