package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint family answers the same over HTTP/1.1 and HTTP/2 cleartext with prior knowledge
 * (what {@code curl --http2-prior-knowledge} and gRPC-style proxies send): a Funqy function, a binary
 * and a structured CloudEvent, {@code /v1/analyze} as JSON and as a multipart form, OIP v2 infer,
 * health, and a refusal on each. Over h2c the {@code /v1} and {@code /v2} requests were 500s and the
 * form a 413, because the body had been read before Quarkus REST paused the request.
 */
@QuarkusTest
class Http2CleartextTest {

    private static final String OIP = """
            {"inputs": [{"name": "input_ids", "shape": [1, 4], "datatype": "INT64", "data": [101, 7592, 2088, 102]},
             {"name": "attention_mask", "shape": [1, 4], "datatype": "INT64", "data": [1, 1, 1, 1]},
             {"name": "token_type_ids", "shape": [1, 4], "datatype": "INT64", "data": [0, 0, 0, 0]}]}""";

    private static final String BOUNDARY = "h2c-form-boundary";

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL root;

    private HttpClient http1;
    private HttpClient http2;

    record Answer(int status, HttpVersion version, String body) {}

    @BeforeEach
    void clients() {
        HttpClientOptions base =
                new HttpClientOptions().setDefaultHost(root.getHost()).setDefaultPort(root.getPort());
        http1 = vertx.createHttpClient(new HttpClientOptions(base).setProtocolVersion(HttpVersion.HTTP_1_1));
        http2 = vertx.createHttpClient(new HttpClientOptions(base)
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    }

    @AfterEach
    void close() throws Exception {
        http1.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        http2.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Answer send(HttpClient client, HttpMethod method, String path, Map<String, String> headers, byte[] body)
            throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path);
        headers.forEach(options::putHeader);
        try {
            return client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                    .compose(response -> response.body()
                            .map(b -> new Answer(
                                    response.statusCode(), response.version(), b.toString(StandardCharsets.UTF_8))))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(120, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            StringBuilder dump = new StringBuilder("no answer to " + method + " " + path + " in 120 s; threads:\n");
            for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                dump.append(info.getThreadName())
                        .append(' ')
                        .append(info.getThreadState())
                        .append('\n');
                for (StackTraceElement frame : info.getStackTrace()) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
            System.err.println(dump);
            throw e;
        }
    }

    /** Sends the same request over both protocols and checks that both get {@code status}. */
    private void same(int status, HttpMethod method, String path, Map<String, String> headers, byte[] body)
            throws Exception {
        Answer one = send(http1, method, path, headers, body);
        Answer two = send(http2, method, path, headers, body);
        assertEquals(HttpVersion.HTTP_1_1, one.version());
        assertEquals(HttpVersion.HTTP_2, two.version(), "the server speaks h2c with prior knowledge");
        assertEquals(status, one.status(), path + " over HTTP/1.1: " + one.body());
        assertEquals(status, two.status(), path + " over h2c: " + two.body());
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFunctionAndCloudEventsAnswerAlike() throws Exception {
        same(200, HttpMethod.POST, "/encode-text", json(), utf8("{\"texts\":[\"hello\"]}"));
        Map<String, String> binary = new LinkedHashMap<>(json());
        binary.putAll(Map.of(
                "ce-specversion",
                "1.0",
                "ce-id",
                "h2c-1",
                "ce-source",
                "test",
                "ce-type",
                "dev.multimodal.text.encode.requested"));
        same(200, HttpMethod.POST, "/", binary, utf8("{\"texts\":[\"hello\"]}"));
        same(
                200,
                HttpMethod.POST,
                "/",
                Map.of("Content-Type", "application/cloudevents+json"),
                utf8("{\"specversion\":\"1.0\",\"id\":\"h2c-2\",\"source\":\"test\","
                        + "\"type\":\"dev.multimodal.text.encode.requested\",\"data\":{\"texts\":[\"hello\"]}}"));
        same(400, HttpMethod.POST, "/encode-text", json(), utf8("{\"texts\":"));
        same(200, HttpMethod.GET, "/q/health", Map.of(), null);
    }

    @Test
    void oipInferAnswersAlike() throws Exception {
        same(200, HttpMethod.POST, "/v2/models/all-minilm-l6-v2-q/infer", json(), utf8(OIP));
        same(400, HttpMethod.POST, "/v2/models/all-minilm-l6-v2-q/infer", json(), utf8("{\"inputs\": ["));
        same(200, HttpMethod.GET, "/v2/health/ready", Map.of(), null);
    }

    @Test
    void analyzeAnswersAlikeAsJsonAndAsAForm() throws Exception {
        same(
                200,
                HttpMethod.POST,
                "/v1/analyze",
                json(),
                Files.readAllBytes(Path.of("functions/analyze-image/request.json")));
        same(
                200,
                HttpMethod.POST,
                "/v1/analyze",
                Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
                form(Files.readAllBytes(Path.of("functions/read-text/receipt.png"))));
        same(
                400,
                HttpMethod.POST,
                "/v1/analyze",
                Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
                utf8("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nno file\r\n--"
                        + BOUNDARY + "--\r\n"));
    }

    /**
     * An HTTP/2 stream that ends before the bytes its Content-Length announced reaches the function
     * without a body (Vert.x does not reset it): the refusal says the body stopped short, not that
     * none was sent.
     */
    @Test
    void aStreamShorterThanItsContentLengthIsRefusedAsCutShort() throws Exception {
        Map<String, String> lying = new LinkedHashMap<>(json());
        lying.put("Content-Length", "100");
        Answer two = send(http2, HttpMethod.POST, "/encode-text", lying, utf8("{\"texts\":[\"hello\"]}"));
        assertEquals(400, two.status(), two.body());
        assertTrue(two.body().contains("\"field\":\"body\""), two.body());
        assertTrue(two.body().contains("0 of the 100 bytes its Content-Length announced"), two.body());
        Answer honest = send(http2, HttpMethod.POST, "/encode-text", json(), utf8(" "));
        assertEquals(400, honest.status(), honest.body());
        assertTrue(honest.body().contains("the request body is empty: send a JSON object"), honest.body());
    }

    /**
     * The other way to h2c, an HTTP/1.1 request with {@code Upgrade: h2c} (the JDK's client does it),
     * passes through the strict HTTP/1.1 decoder (StrictConnections) and goes on as HTTP/2.
     */
    @Test
    void anUpgradeToH2cIsServed() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .build();
        java.net.http.HttpResponse<String> health = client.send(
                java.net.http.HttpRequest.newBuilder(root.toURI().resolve("/q/health/live"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        java.net.http.HttpResponse<String> encoded = client.send(
                java.net.http.HttpRequest.newBuilder(root.toURI().resolve("/v2/models/all-minilm-l6-v2-q/infer"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(OIP))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, encoded.statusCode(), encoded.body());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, encoded.version());
    }

    private static byte[] form(byte[] png) {
        String head = "--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"captions\"\r\n\r\na train timetable\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"captions\"\r\n\r\n"
                + "a bakery receipt for two croissants\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"receipt.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        byte[] a = utf8(head);
        byte[] c = utf8(tail);
        byte[] all = new byte[a.length + png.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(png, 0, all, a.length, png.length);
        System.arraycopy(c, 0, all, a.length + png.length, c.length);
        return all;
    }
}
