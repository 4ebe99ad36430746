package dev.multimodal.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.util.PackagedApp;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as Knative would run it: one process per chain function, each exporting
 * that function and loading only its models, on its own loopback port; events routed between them as
 * deploy/base's Triggers say, each answer's type naming the next step with work; then the same chain
 * through a gateway process in remote mode, which checks each answer's type against its own route.
 */
class ChainIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    /**
     * As deploy/base loads them. analyze-audio and analyze-video are not started: an image's analysis
     * must never reach them, and the router fails when a Trigger sends an event to a Service that is
     * not running.
     */
    private static final Map<String, String> MODELS = Map.of(
            "analyze-route", "all-minilm-l6-v2-q",
            "analyze-image", "pp-ocrv4,all-minilm-l6-v2-q",
            "analyze-text", "all-minilm-l6-v2-q",
            "analyze-fuse", "all-minilm-l6-v2-q",
            "analyze-score", "all-minilm-l6-v2-q");

    private static final Map<String, PackagedApp> PROCESSES = new LinkedHashMap<>();
    private static final Map<String, URI> SERVICES = new HashMap<>();
    private static URI gateway;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startTheFunctions() throws Exception {
        for (String function : MODELS.keySet()) {
            SERVICES.put(
                    function,
                    start(
                            function,
                            Map.of("QUARKUS_FUNQY_EXPORT", function, "MMF_MODELS_INCLUDE", MODELS.get(function)),
                            List.of()));
        }
        List<String> remote = new ArrayList<>();
        SERVICES.forEach((fn, uri) -> remote.add("-Dmmf.gateway.functions." + fn + ".url=" + uri));
        gateway = start("gateway", Map.of("MMF_MODELS_INCLUDE", "all-minilm-l6-v2-q"), remote);
        for (PackagedApp app : PROCESSES.values()) {
            app.awaitReady();
        }
    }

    private static URI start(String name, Map<String, String> env, List<String> properties) throws IOException {
        PackagedApp app = PackagedApp.start("chain-" + name, env, properties);
        PROCESSES.put(name, app);
        return app.base();
    }

    @AfterAll
    static void stop() {
        PROCESSES.values().forEach(PackagedApp::close);
    }

    private static CloudEvent request(String id) throws IOException {
        return request(id, "dev.multimodal.analysis.requested");
    }

    private static CloudEvent request(String id, String type) throws IOException {
        byte[] data = Files.readAllBytes(Path.of("functions/analyze-route/request.json"));
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/apps/scanner"))
                .withType(type)
                .withSubject("receipt-77")
                .withExtension("correlationid", "order-" + id)
                .withDataContentType("application/json")
                .withData(data)
                .build();
    }

    @Test
    void eventsRoutedAsTheTriggersSayRunTheWholeChainAcrossProcesses() throws Exception {
        TriggerRouter router = new TriggerRouter(Path.of("deploy/base"), SERVICES);
        List<TriggerRouter.Hop> hops = router.route(request("4711"), TRACEPARENT);
        List<String> visited = new ArrayList<>();
        hops.stream().filter(h -> h.service() != null).forEach(h -> visited.add(h.service()));
        assertEquals(
                List.of("analyze-route", "analyze-image", "analyze-text", "analyze-fuse", "analyze-score"),
                visited,
                "an image's analysis wakes no speech Service");
        CloudEvent last = hops.get(hops.size() - 1).event();
        assertEquals("dev.multimodal.analysis.scored", last.getType());
        assertEquals("analyze-score", last.getSource().toString());
        assertEquals("receipt-77", last.getSubject());
        assertEquals("order-4711", last.getExtension("correlationid"));
        assertEquals(TRACEPARENT, last.getExtension("traceparent"));
        JsonNode result = JSON.readTree(last.getData().toBytes());
        assertEquals(
                "a bakery receipt for two croissants",
                result.at("/captionScores/0/caption").asText());
        assertEquals(
                "Corner Bakery\n2 croissants 5.40\nTotal 5.40 EUR",
                result.at("/imageVector/text").asText());
        assertEquals(4, result.get("timings").size());
    }

    /**
     * The packaged process builds and warms its encoders on the early-models thread, before Quarkus
     * has a meter registry; their runs still reach /q/metrics (the warm-up's own are not counted).
     */
    @Test
    void theEncodersBuiltEarlyCountTheirRunsInTheMetrics() throws Exception {
        String log = Files.readString(Path.of("target", "chain-analyze-image.log"));
        assertTrue(log.contains("(early-models) startup encoders pp-ocrv4"), "built on the early thread");
        new TriggerRouter(Path.of("deploy/base"), SERVICES).route(request("4714"), TRACEPARENT);
        for (Map.Entry<String, String> graph : Map.of(
                        "analyze-image", "pp-ocrv4/detection", "analyze-text", "all-minilm-l6-v2-q")
                .entrySet()) {
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(SERVICES.get(graph.getKey()).resolve("/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String line = metrics.lines()
                    .filter(l ->
                            l.startsWith("mmf_batch_size_count{") && l.contains("model=\"" + graph.getValue() + "\""))
                    .findFirst()
                    .orElse("");
            assertTrue(!line.isEmpty(), graph.getValue() + " has no mmf_batch_size_count in " + graph.getKey());
            double runs = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            assertTrue(runs >= 1, line);
        }
    }

    @Test
    void theSdkGetsAStructuredReplyFromAStructuredEvent() throws Exception {
        EventFormat format = new JsonFormat();
        byte[] body = format.serialize(request("4712", "dev.multimodal.analysis.image.requested"));
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(SERVICES.get("analyze-image"))
                        .header("Content-Type", JsonFormat.CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
        CloudEvent reply =
                HttpMessageFactory.createReader(headers, response.body()).toEvent();
        assertEquals("dev.multimodal.analysis.text.requested", reply.getType(), "the next step with work");
        assertEquals("order-4712", reply.getExtension("correlationid"));
        assertEquals("receipt-77", reply.getSubject());
    }

    @Test
    void theGatewayRunsTheSameChainOnTheRemoteFunctions() throws Exception {
        byte[] data = Files.readAllBytes(Path.of("functions/analyze-route/request.json"));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(gateway.resolve("/v1/analyze"))
                        .header("Content-Type", "application/json")
                        .header("traceparent", TRACEPARENT)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(4, body.at("/steps").size(), "image, text, fuse, score: " + body.at("/steps"));
        for (int i = 0; i < 4; i++) {
            String function = body.at("/steps/" + i + "/function").asText();
            assertEquals(
                    SERVICES.get(function).toString(),
                    body.at("/steps/" + i + "/where").asText(),
                    function);
        }
        assertEquals(
                "a bakery receipt for two croissants",
                body.at("/result/captionScores/0/caption").asText());
        assertTrue(body.at("/totalMs").asDouble() > 0);
    }
}
