package dev.multimodal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.multimodal.api.Analysis;
import dev.multimodal.config.GatewayConfig;
import dev.multimodal.config.RemoteFunctionConfig;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's call to a function on another service: retries on 503/429/no answer, 4xx passed on, 502 at the end. */
class RemoteFunctionTest {

    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;

    private static GatewayConfig config(int retries) {
        return new GatewayConfig() {
            public Map<String, RemoteFunctionConfig> functions() {
                return Map.of();
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            public int retries() {
                return retries;
            }

            public Duration backoff() {
                return Duration.ofMillis(10);
            }
        };
    }

    /** Answers the statuses in turn, the last one for ever; 200 echoes the envelope with a fused vector. */
    private String serve(AtomicInteger calls, int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int call = calls.getAndIncrement();
            int status = statuses[Math.min(call, statuses.length - 1)];
            assertEquals(
                    "dev.multimodal.analysis.fuse.requested",
                    exchange.getRequestHeaders().getFirst("ce-type"));
            assertEquals("corr-1", exchange.getRequestHeaders().getFirst("ce-correlationid"));
            byte[] body = status == 200
                    ? json.writeValueAsBytes(input().withFused(
                                    new Analysis.Encoded("weighted-average", "s", new float[] {1, 0}, null), 1))
                    : ("{\"error\":\"status " + status + "\",\"field\":\"x\"}").getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private Analysis input() {
        return Analysis.of("img", null, null, null, List.of("c"), null, null, null);
    }

    @Test
    void overloadIsRetriedUntilTheFunctionAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(calls, 503, 429, 200);
        RemoteFunction.Reply out = new RemoteFunction(
                        "analyze-fuse", url, "dev.multimodal.analysis.fuse.requested", config(2), json)
                .call(input(), "corr-1", null);
        assertEquals(3, calls.get());
        assertEquals("s", out.envelope().fused().space());
    }

    @Test
    void badDataIsPassedOnAndNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(calls, 422);
        InputException e = assertThrows(
                InputException.class,
                () -> new RemoteFunction("analyze-fuse", url, "dev.multimodal.analysis.fuse.requested", config(2), json)
                        .call(input(), "corr-1", null));
        assertEquals(422, FailureStatuses.status(e), "the remote refusal keeps its status");
        assertEquals(1, calls.get());
    }

    @Test
    void aFunctionThatStaysOverloadedOrUnreachableIsA502NamingIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(calls, 503);
        InputException busy = assertThrows(
                InputException.class,
                () -> new RemoteFunction("analyze-fuse", url, "dev.multimodal.analysis.fuse.requested", config(2), json)
                        .call(input(), "corr-1", null));
        assertEquals(502, FailureStatuses.status(busy));
        assertEquals("analyze-fuse", busy.field());
        assertEquals(3, calls.get());
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        InputException down = assertThrows(
                InputException.class,
                () -> new RemoteFunction(
                                "analyze-score",
                                "http://127.0.0.1:" + closed + "/",
                                "dev.multimodal.analysis.score.requested",
                                config(1),
                                json)
                        .call(input(), "corr-1", null));
        assertEquals(502, FailureStatuses.status(down));
        assertTrue(
                down.getMessage().contains("analyze-score") && down.getMessage().contains("2 attempts"),
                down.getMessage());
    }
}
