package dev.multimodal.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.deploy.DeployConsistencyTest;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only stand-in for a Knative Broker: it reads the Triggers of {@code deploy/base} and
 * delivers each event, in binary mode, to the Service whose Trigger filters its type, then sends
 * the reply on the same way, until a reply's type has no Trigger (the chain's final type). It
 * forwards the W3C {@code traceparent} header as a broker's tracing does.
 */
final class TriggerRouter {

    /** One delivery: the event sent and the Service that took it. */
    record Hop(String service, CloudEvent event) {}

    private final Map<String, String> serviceOfType = new HashMap<>();
    private final Map<String, URI> services;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TriggerRouter(Path kustomization, Map<String, URI> services) throws Exception {
        this.services = services;
        for (JsonNode trigger : DeployConsistencyTest.kind(DeployConsistencyTest.build(kustomization), "Trigger")) {
            serviceOfType.put(
                    trigger.at("/spec/filter/attributes/type").asText(),
                    trigger.at("/spec/subscriber/ref/name").asText());
        }
    }

    String serviceFor(String type) {
        return serviceOfType.get(type);
    }

    /** Routes {@code event} until no Trigger takes the reply; returns every hop and the final event. */
    List<Hop> route(CloudEvent event, String traceparent) throws Exception {
        List<Hop> hops = new ArrayList<>();
        CloudEvent current = event;
        while (serviceOfType.containsKey(current.getType())) {
            String service = serviceOfType.get(current.getType());
            URI target = services.get(service);
            if (target == null) {
                throw new IllegalStateException(
                        "a Trigger routes " + current.getType() + " to " + service + ", which is not running");
            }
            hops.add(new Hop(service, current));
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2));
            List<byte[]> body = new ArrayList<>();
            HttpMessageFactory.createWriter(request::header, body::add).writeBinary(current);
            request.header("traceparent", traceparent);
            HttpResponse<byte[]> response = http.send(
                    request.POST(HttpRequest.BodyPublishers.ofByteArray(body.get(0)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        service + " answered " + response.statusCode() + ": " + new String(response.body()));
            }
            Map<String, String> headers = new HashMap<>();
            response.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
            MessageReader reader = HttpMessageFactory.createReader(headers, response.body());
            current = reader.toEvent();
            if (!traceparent.equals(headers.get("traceparent"))) {
                throw new IllegalStateException(service + " dropped the traceparent: " + headers.get("traceparent"));
            }
        }
        hops.add(new Hop(null, current));
        return hops;
    }
}
