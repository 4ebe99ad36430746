package dev.multimodal.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Carries a binary-mode event's context into its reply for every function: the {@code subject},
 * the {@code correlationid} extension (the event's own id when it has none, so a chain starting
 * here gets one) and the W3C {@code traceparent}. Funqy sets the reply's type and source from the
 * mapping in configuration; a function that builds its reply event itself (the analysis chain) has
 * already set these, and they are left as it set them.
 */
@ApplicationScoped
public class EventAttributes {

    void install(@Observes Router router) {
        router.route().order(-900).handler(this::carry);
    }

    private void carry(RoutingContext context) {
        MultiMap in = context.request().headers();
        String id = in.get("ce-id");
        if (id != null) {
            context.addHeadersEndHandler(done -> {
                MultiMap out = context.response().headers();
                if (out.get("ce-type") == null) {
                    return; // an error or a non-event answer
                }
                copy(in.get("ce-subject"), "ce-subject", out);
                copy(in.get("ce-correlationid") != null ? in.get("ce-correlationid") : id, "ce-correlationid", out);
                copy(in.get("traceparent"), "traceparent", out);
                copy(in.get("ce-traceparent"), "ce-traceparent", out);
            });
        }
        context.next();
    }

    private static void copy(String value, String header, MultiMap out) {
        if (value != null && out.get(header) == null) {
            out.set(header, value);
        }
    }
}
