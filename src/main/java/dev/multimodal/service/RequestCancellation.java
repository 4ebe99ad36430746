package dev.multimodal.service;

import dev.multimodal.runtime.Cancellation;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The cancellation of the current HTTP request: it fires when the client's connection closes
 * before the answer was sent (Vert.x calls the request's end handlers with a failure then). Funqy
 * subscribes to a function's result without ever cancelling it, so the use cases take this token
 * themselves, on the request's own thread, and pass it down. Outside an HTTP request (a CloudEvent
 * from a broker, a test) there is no client to lose: {@link Cancellation#none()}.
 */
@ApplicationScoped
public class RequestCancellation implements Supplier<Cancellation> {

    private static final String KEY = "mmf.cancellation";

    @Inject
    CurrentVertxRequest currentRequest;

    /** The tokens of the requests whose answers are not yet sent. */
    private final Set<Cancellation> live = ConcurrentHashMap.newKeySet();

    /**
     * At the end of the drain (SIGTERM + {@code mmf.batch.drain-timeout}): every request still
     * being worked on gets its 503 now, while the HTTP server still writes answers, instead of losing
     * its connection when the server closes; its work stops at its next stage boundary.
     */
    public void stopAll(String why) {
        List.copyOf(live).forEach(token -> token.cancel(why));
    }

    /** How many requests hold a token and have no answer yet. */
    public int live() {
        return live.size();
    }

    @Override
    public Cancellation get() {
        RoutingContext request = null;
        if (Arc.container() != null && Arc.container().requestContext().isActive()) {
            request = currentRequest.getCurrent();
        }
        if (request == null) {
            return Cancellation.none();
        }
        synchronized (request) {
            Cancellation token = request.get(KEY);
            if (token == null) {
                Cancellation created = Cancellation.create();
                token = created;
                request.put(KEY, created);
                live.add(created);
                request.addEndHandler(done -> {
                    live.remove(created);
                    if (done.failed()) {
                        created.cancel();
                    }
                });
            }
            return token;
        }
    }
}
