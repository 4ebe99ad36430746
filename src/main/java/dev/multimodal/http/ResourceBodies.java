package dev.multimodal.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Lets the JAX-RS resources ({@code /v1}, {@code /v2}) read their own bodies. Funqy's CloudEvents
 * extension makes Quarkus install a body handler in front of every route; it calls the next handler
 * only once the whole body has arrived, when the request has ended. Quarkus REST then pauses the
 * request, which Vert.x allows on an ended HTTP/1.1 request but refuses on an ended HTTP/2 one
 * ({@code IllegalStateException: Request has already been read}): over h2c every {@code /v1} and
 * {@code /v2} request with a body was a 500, and every multipart form a 413. Marking the body handler
 * as seen for these paths, before it runs, leaves the body to Quarkus REST on both protocols, so
 * they answer alike. Function routes keep the body handler (see {@link RequestGuard}).
 */
@ApplicationScoped
public class ResourceBodies {

    void install(@Observes Router router) {
        // before the body handler (Integer.MIN_VALUE + 1)
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (isResource(ctx.request().path())) {
            ((RoutingContextInternal) ctx).visitHandler(RoutingContextInternal.BODY_HANDLER);
        }
        ctx.next();
    }

    static boolean isResource(String path) {
        return path != null && (path.startsWith("/v1/") || path.startsWith("/v2/"));
    }
}
