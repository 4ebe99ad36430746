package dev.multimodal.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The playground's static files live under /ui/ (META-INF/resources/ui); a bare /ui, as people
 * type it, is sent there rather than left to the function routes, which own every other top path.
 */
@ApplicationScoped
public class PlaygroundPage {

    void install(@Observes Router router) {
        // a regex: a plain "/ui" route would also match "/ui/" and redirect it to itself
        router.routeWithRegex(HttpMethod.GET, "^/ui$").order(-500).handler(ctx -> ctx.redirect("/ui/"));
    }
}
