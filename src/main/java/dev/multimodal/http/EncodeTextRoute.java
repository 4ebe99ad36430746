package dev.multimodal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.EncodeTextRequest;
import dev.multimodal.service.EncodeTexts;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code POST /encode-text} with a small plain JSON body, served on the event loop by a
 * {@link SmallJsonRoute} over the function's own use case, the way {@code /v1/embeddings} is, without
 * Funqy's hand-over to a worker thread and back (docs/benchmarks.md, issue 25's fourth pass). CloudEvents
 * (binary or structured), larger bodies and a deployment that does not export encode-text go on to
 * Funqy as before. The body has passed {@link RequestGuard}'s checks; failures are answered as
 * {@link FunqyFailureHandler} answers them, a body Jackson cannot read naming the field.
 */
@ApplicationScoped
public class EncodeTextRoute {

    static final String FUNCTION = "encode-text";

    /** After RequestGuard (-950) and EventAttributes (-900), before Funqy's route. */
    static final int ORDER = -850;

    private volatile Boolean exported;

    void install(@Observes Router router, EncodeTexts useCase, ObjectMapper mapper, CurrentVertxRequest current) {
        SmallJsonRoute<EncodeTextRequest, ?> route =
                new SmallJsonRoute<>(EncodeTextRequest.class, useCase::run, mapper, current, true);
        router.post("/" + FUNCTION).order(ORDER).handler(ctx -> {
            if (exported()) {
                route.handle(ctx);
            } else {
                ctx.next();
            }
        });
    }

    /** Whether this deployment exports encode-text ({@code quarkus.funqy.export}); read once Funqy has its functions. */
    private boolean exported() {
        Boolean known = exported;
        if (known == null) {
            if (FunctionRecorder.registry == null) {
                return false;
            }
            known = FunctionRecorder.registry.invokers().stream()
                    .anyMatch(i -> i.getName().equals(FUNCTION));
            exported = known;
        }
        return known;
    }
}
