package dev.multimodal.functions;

import dev.multimodal.api.Analysis;
import dev.multimodal.service.AnalysisChain;
import dev.multimodal.service.ChainStep;
import dev.multimodal.service.EventTypes;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The analysis chain as CloudEvent functions: analyze-route takes
 * {@code dev.multimodal.analysis.requested}, and each step its own {@code …analysis.<step>.requested}
 * (analyze-image, -audio, -video, -text, -fuse, -score). Every answer carries the type of the next
 * step that has work for the envelope, chosen at run time, so an analysis wakes only the Services it
 * needs; analyze-score answers {@code …analysis.scored}. Each reply carries {@code source} = the
 * function, the request's {@code subject}, the {@code correlationid} extension (the first event's id
 * when the chain starts without one) and the {@code traceparent} extension, copied through every hop.
 */
public class AnalysisFunctions {

    public static final String CORRELATION_ID = "correlationid";
    public static final String TRACEPARENT = "traceparent";

    @Inject
    AnalysisChain chain;

    @Inject
    EventTypes eventTypes;

    @Inject
    CurrentVertxRequest request;

    /** No work of its own: the inputs checked, the envelope goes unchanged to its first step's type. */
    @Funq(ChainStep.ROUTE_FUNCTION)
    public Uni<CloudEvent<Analysis>> analyzeRoute(CloudEvent<Analysis> event) {
        return answer(
                ChainStep.ROUTE_FUNCTION,
                event,
                Uni.createFrom().item(event::data),
                envelope -> eventTypes.trigger(chain.route(envelope).function()));
    }

    @Funq("analyze-image")
    public Uni<CloudEvent<Analysis>> analyzeImage(CloudEvent<Analysis> event) {
        return step(ChainStep.ENCODE_IMAGE, event);
    }

    @Funq("analyze-audio")
    public Uni<CloudEvent<Analysis>> analyzeAudio(CloudEvent<Analysis> event) {
        return step(ChainStep.ENCODE_AUDIO, event);
    }

    @Funq("analyze-video")
    public Uni<CloudEvent<Analysis>> analyzeVideo(CloudEvent<Analysis> event) {
        return step(ChainStep.ENCODE_VIDEO, event);
    }

    @Funq("analyze-text")
    public Uni<CloudEvent<Analysis>> analyzeText(CloudEvent<Analysis> event) {
        return step(ChainStep.ENCODE_TEXT, event);
    }

    @Funq("analyze-fuse")
    public Uni<CloudEvent<Analysis>> analyzeFuse(CloudEvent<Analysis> event) {
        return step(ChainStep.FUSE, event);
    }

    @Funq("analyze-score")
    public Uni<CloudEvent<Analysis>> analyzeScore(CloudEvent<Analysis> event) {
        return step(ChainStep.SCORE, event);
    }

    private Uni<CloudEvent<Analysis>> step(ChainStep step, CloudEvent<Analysis> event) {
        return answer(
                step.function(),
                event,
                Uni.createFrom().completionStage(() -> chain.run(step, event.data())),
                result -> chain.next(step, result)
                        .map(next -> eventTypes.trigger(next.function()))
                        .orElseGet(() -> eventTypes.responseType(step.function())));
    }

    /** The envelope as the event of {@code nextType}: the type of whichever step has work for it next. */
    private Uni<CloudEvent<Analysis>> answer(
            String function, CloudEvent<Analysis> event, Uni<Analysis> work, Function<Analysis, String> nextType) {
        Map<String, String> extensions = new HashMap<>();
        Map<String, String> incoming = event.extensions() == null ? Map.of() : event.extensions();
        extensions.put(CORRELATION_ID, incoming.getOrDefault(CORRELATION_ID, event.id()));
        // the CloudEvents tracing extension, or the W3C header a broker sends with a binary event
        RoutingContext http = request.getCurrent();
        String traceparent = incoming.containsKey(TRACEPARENT)
                ? incoming.get(TRACEPARENT)
                : http == null ? null : http.request().getHeader(TRACEPARENT);
        if (traceparent != null) {
            extensions.put(TRACEPARENT, traceparent);
            if (http != null) {
                http.response().putHeader(TRACEPARENT, traceparent);
            }
        }
        return work.map(result -> CloudEventBuilder.create()
                .type(nextType.apply(result))
                .source(function)
                .subject(event.subject())
                .extensions(extensions)
                .build(result));
    }
}
