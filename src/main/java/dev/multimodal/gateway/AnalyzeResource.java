package dev.multimodal.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.Analysis;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.config.RemoteFunctionConfig;
import dev.multimodal.http.MediaTypes;
import dev.multimodal.refusal.InputException;
import dev.multimodal.service.AnalysisChain;
import dev.multimodal.service.ChainStep;
import dev.multimodal.service.EventTypes;
import dev.multimodal.settings.Keys;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /v1/analyze}: the whole analysis chain in one request — encode-image, encode-audio,
 * encode-video, encode-text, fuse, score — each step in this process, or on its own service where
 * {@code mmf.gateway.functions.<name>.url} says so; the envelope comes back with every step's result
 * and each step's time and place. Only the steps that have work for the request run, as on Knative
 * (a step whose medium the request does not carry costs no call and is not in the steps).
 */
@Path("/v1/analyze")
public class AnalyzeResource {

    /** One step: which function, where it ran, how long it took (including the network when remote). */
    public record Step(String function, String where, double ms) {}

    public record AnalyzeResponse(Analysis result, List<Step> steps, double totalMs, String correlationId) {}

    @Inject
    AnalysisChain chain;

    @Inject
    EventTypes eventTypes;

    @Inject
    MmfConfig config;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public AnalyzeResponse analyze(Analysis request, @HeaderParam("traceparent") String traceparent) {
        if (request == null) {
            throw InputException.badRequest(
                    "body", "send the analysis inputs: image, audio, video, text, captions, document, summaries");
        }
        return run(request, traceparent);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public AnalyzeResponse analyzeForm(
            @RestForm("image") FileUpload image,
            @RestForm("audio") FileUpload audio,
            @RestForm("video") FileUpload video,
            @RestForm String text,
            @RestForm List<String> captions,
            @RestForm String document,
            @RestForm List<String> summaries,
            @RestForm String fusion,
            @HeaderParam("traceparent") String traceparent)
            throws IOException {
        if (image == null && audio == null && video == null) {
            throw InputException.badRequest(
                    "image", "the form needs a file part named image (or audio, or video, or several of them)");
        }
        return run(
                Analysis.of(
                        inline(image, "image/"),
                        inline(audio, "audio/"),
                        inline(video, "video/"),
                        text,
                        captions == null || captions.isEmpty() ? null : captions,
                        document,
                        summaries == null || summaries.isEmpty() ? null : summaries,
                        fusion),
                traceparent);
    }

    /**
     * A file part as the envelope carries it. An image: a data: URI when its type is an image's, bare
     * base64 otherwise (the format is read from the bytes). A recording or a clip: a data: URI of the
     * type the part declares, so a part that claims another medium (text/plain, image/png) is refused
     * as an inline one is, with a 415 naming it; bare base64 when the part declares no type.
     */
    private static String inline(FileUpload file, String medium) throws IOException {
        if (file == null) {
            return null;
        }
        String type = MediaTypes.of(file.contentType());
        String encoded = Base64.getEncoder().encodeToString(Files.readAllBytes(file.uploadedFile()));
        boolean declared = medium.equals("image/") ? type.startsWith(medium) : !type.isEmpty();
        return declared ? "data:" + type + ";base64," + encoded : encoded;
    }

    /**
     * The steps that have work for the envelope, in chain order, as the CloudEvent functions route
     * it: the first from {@link AnalysisChain#route}, each next one chosen from what the step before
     * added. A remote step's answer must name the type of the step the gateway runs next.
     */
    private AnalyzeResponse run(Analysis envelope, String traceparent) {
        String correlationId = UUID.randomUUID().toString();
        List<Step> timeline = new ArrayList<>();
        long start = System.nanoTime();
        Analysis current = envelope;
        ChainStep step = chain.route(envelope);
        while (step != null) {
            String function = step.function();
            long stepStart = System.nanoTime();
            RemoteFunctionConfig remote = config.gateway().functions().get(function);
            String url = remote == null ? null : remote.url().orElse(null);
            RemoteFunction.Reply reply = url == null
                    ? new RemoteFunction.Reply(await(chain.run(step, current), function), null)
                    : new RemoteFunction(function, url, eventTypes.trigger(function), config.gateway(), json)
                            .call(current, correlationId, traceparent);
            current = reply.envelope();
            timeline.add(new Step(function, url == null ? "in-process" : url, (System.nanoTime() - stepStart) / 1e6));
            ChainStep next = chain.next(step, current).orElse(null);
            String expected = next == null ? eventTypes.responseType(function) : eventTypes.trigger(next.function());
            if (reply.type() != null && !reply.type().equals(expected)) {
                throw InputException.upstream(
                        function,
                        function + " at " + url + " answered " + reply.type() + " where this gateway routes to "
                                + expected + ": the function and the gateway run different versions of the chain");
            }
            step = next;
        }
        return new AnalyzeResponse(current, timeline, (System.nanoTime() - start) / 1e6, correlationId);
    }

    /** A step's result, or its refusal as thrown; a step past the gateway's timeout is a 503. */
    private Analysis await(CompletableFuture<Analysis> result, String function) {
        try {
            return result.get(config.gateway().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            result.cancel(true);
            throw InputException.unavailable(
                    function,
                    function + " did not finish within " + config.gateway().timeout() + " (" + Keys.GATEWAY_TIMEOUT
                            + "); try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InputException.unavailable(function, function + " was interrupted");
        }
    }
}
