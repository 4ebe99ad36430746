package dev.multimodal.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The hostile cases over HTTP/2 cleartext with prior knowledge, and the same over HTTP/1.1 for
 * comparison (issue 26): every endpoint family with a valid request, malformed and oversized
 * bodies, invalid UTF-8, overlong names, wrong methods and types, then a burst of many streams on
 * one h2c connection. Prints answers by status per case and protocol; exits 1 when any answer over
 * h2c is a 500 or missing, or differs in status from HTTP/1.1 (bursts excepted: there 503 is fair).
 *
 * Usage (the service's own Vert.x on the class path):
 *   java -cp "target/test-classes:target/quarkus-app/lib/main/*" dev.multimodal.bench.H2cHostile BASE_URL [BURST]
 */
public final class H2cHostile {

    record Case(String name, HttpMethod method, String path, Map<String, String> headers, byte[] body) {}

    public static void main(String[] args) throws Exception {
        java.net.URI base = java.net.URI.create(args[0]);
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Vertx vertx = Vertx.vertx();
        HttpClientOptions common =
                new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort());
        HttpClient h1 = vertx.createHttpClient(
                new HttpClientOptions(common).setProtocolVersion(HttpVersion.HTTP_1_1),
                new PoolOptions().setHttp1MaxSize(8));
        HttpClient h2 = vertx.createHttpClient(
                new HttpClientOptions(common)
                        .setProtocolVersion(HttpVersion.HTTP_2)
                        .setHttp2ClearTextUpgrade(false)
                        .setHttp2MultiplexingLimit(1000),
                new PoolOptions().setHttp2MaxSize(1));
        int failures = 0;
        System.out.println("| case | HTTP/1.1 | h2c |");
        System.out.println("|---|---:|---:|");
        for (Case c : cases()) {
            int one = status(h1, c);
            int two = status(h2, c);
            boolean bad = two == 500 || two == 0 || one != two;
            failures += bad ? 1 : 0;
            System.out.printf(Locale.ROOT, "| %s | %03d | %03d%s |%n", c.name(), one, two, bad ? " **differs**" : "");
        }
        for (String protocol : new String[] {"h2c", "HTTP/1.1"}) {
            HttpClient client = protocol.equals("h2c") ? h2 : h1;
            Map<Integer, Integer> counts = new TreeMap<>();
            long start = System.nanoTime();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                answers.add(send(
                        client,
                        new Case(
                                "burst",
                                HttpMethod.POST,
                                "/encode-text",
                                json(),
                                utf8("{\"texts\":[\"burst sentence number " + i + "\"]}"))));
            }
            for (Future<Integer> answer : answers) {
                int status;
                try {
                    status = answer.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
                } catch (Exception e) {
                    status = 0;
                }
                counts.merge(status, 1, Integer::sum);
            }
            failures += counts.getOrDefault(500, 0) + counts.getOrDefault(0, 0);
            System.out.printf(
                    Locale.ROOT,
                    "burst over %s: %d encode-text at once: %s in %.1f s%n",
                    protocol,
                    burst,
                    counts,
                    (System.nanoTime() - start) / 1e9);
        }
        System.out.println(
                failures == 0
                        ? "h2c: no 500, no missing answer, every case as over HTTP/1.1"
                        : "h2c: " + failures + " failures");
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int status(HttpClient client, Case c) {
        try {
            return send(client, c).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            return 0;
        }
    }

    private static Future<Integer> send(HttpClient client, Case c) {
        RequestOptions options = new RequestOptions().setMethod(c.method()).setURI(c.path());
        c.headers().forEach(options::putHeader);
        return client.request(options)
                .compose(r -> c.body() == null ? r.send() : r.send(Buffer.buffer(c.body())))
                .compose(r -> r.body().map(b -> r.statusCode()).otherwise(r.statusCode()));
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        byte[] a = utf8(before);
        byte[] c = utf8(after);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private static List<Case> cases() throws Exception {
        String oip = "{\"inputs\": [{\"name\": \"input_ids\", \"shape\": [1, 4], \"datatype\": \"INT64\", "
                + "\"data\": [101, 7592, 2088, 102]}, {\"name\": \"attention_mask\", \"shape\": [1, 4], \"datatype\": "
                + "\"INT64\", \"data\": [1, 1, 1, 1]}, {\"name\": \"token_type_ids\", \"shape\": [1, 4], \"datatype\": "
                + "\"INT64\", \"data\": [0, 0, 0, 0]}]}";
        String infer = "/v2/models/all-minilm-l6-v2-q/infer";
        Map<String, String> binary = new LinkedHashMap<>(json());
        binary.putAll(Map.of(
                "ce-specversion",
                "1.0",
                "ce-id",
                "h2c-1",
                "ce-source",
                "bench",
                "ce-type",
                "dev.multimodal.text.encode.requested"));
        String boundary = "h2c-bench";
        Map<String, String> form = Map.of("Content-Type", "multipart/form-data; boundary=" + boundary);
        byte[] png = Files.readAllBytes(Path.of("functions/read-text/receipt.png"));
        byte[] multipart = bytes(
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"captions\"\r\n\r\n"
                        + "a bakery receipt\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; "
                        + "filename=\"r.png\"\r\nContent-Type: image/png\r\n\r\n",
                png,
                "\r\n--" + boundary + "--\r\n");
        String huge = "m".repeat(100_000);
        List<Case> cases = new ArrayList<>(List.of(
                new Case("encode-text", HttpMethod.POST, "/encode-text", json(), utf8("{\"texts\":[\"hello\"]}")),
                new Case("binary CloudEvent", HttpMethod.POST, "/", binary, utf8("{\"texts\":[\"hello\"]}")),
                new Case(
                        "structured CloudEvent",
                        HttpMethod.POST,
                        "/",
                        Map.of("Content-Type", "application/cloudevents+json"),
                        utf8("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"b\","
                                + "\"type\":\"dev.multimodal.text.encode.requested\",\"data\":{\"texts\":[\"hi\"]}}")),
                new Case(
                        "/v1/analyze JSON",
                        HttpMethod.POST,
                        "/v1/analyze",
                        json(),
                        Files.readAllBytes(Path.of("functions/analyze-image/request.json"))),
                new Case("/v1/analyze multipart", HttpMethod.POST, "/v1/analyze", form, multipart),
                new Case("/v2 infer", HttpMethod.POST, infer, json(), utf8(oip)),
                new Case("/q/health", HttpMethod.GET, "/q/health", Map.of(), null),
                new Case("/ui/", HttpMethod.GET, "/ui/", Map.of(), null),
                new Case("empty body", HttpMethod.POST, "/encode-text", json(), new byte[0]),
                new Case("empty body /v1", HttpMethod.POST, "/v1/analyze", json(), new byte[0]),
                new Case("empty body /v2", HttpMethod.POST, infer, json(), new byte[0]),
                new Case("cut-off JSON", HttpMethod.POST, "/encode-text", json(), utf8("{\"texts\":[\"hel")),
                new Case("cut-off JSON /v2", HttpMethod.POST, infer, json(), utf8("{\"inputs\":[")),
                new Case("trailing junk /v1", HttpMethod.POST, "/v1/analyze", json(), utf8("{} junk")),
                new Case(
                        "nested 100,000 deep",
                        HttpMethod.POST,
                        "/encode-text",
                        json(),
                        utf8("[".repeat(100_000) + "]".repeat(100_000))),
                new Case(
                        "nested 100,000 deep /v2",
                        HttpMethod.POST,
                        infer,
                        json(),
                        utf8("{\"inputs\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")),
                new Case(
                        "overlong UTF-8",
                        HttpMethod.POST,
                        "/encode-text",
                        json(),
                        bytes("{\"texts\":[\"a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\"]}")),
                new Case(
                        "overlong UTF-8 /v1",
                        HttpMethod.POST,
                        "/v1/analyze",
                        json(),
                        bytes("{\"image\":\"x\",\"text\":\"a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\"}")),
                new Case(
                        "UTF-8 surrogate /v2",
                        HttpMethod.POST,
                        infer,
                        json(),
                        bytes("{\"id\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\",\"inputs\":[]}")),
                new Case(
                        "lone surrogate escape",
                        HttpMethod.POST,
                        "/encode-text",
                        json(),
                        utf8("{\"texts\":[\"\\ud800\"]}")),
                new Case(
                        "100,000-char model name",
                        HttpMethod.POST,
                        "/encode-text",
                        json(),
                        utf8("{\"texts\":[\"hi\"],\"model\":\"" + huge + "\"}")),
                new Case(
                        "3,000-char OIP model",
                        HttpMethod.POST,
                        "/v2/models/" + huge.substring(0, 3_000) + "/infer",
                        json(),
                        utf8(oip)),
                new Case("unknown OIP field", HttpMethod.POST, infer, json(), utf8("{\"" + huge + "\":1}")),
                new Case("string for number /v2", HttpMethod.POST, infer, json(), utf8(oip.replace("101", "\"101\""))),
                new Case("GET a function", HttpMethod.GET, "/encode-text", Map.of(), null),
                new Case("DELETE /v1/analyze", HttpMethod.DELETE, "/v1/analyze", Map.of(), null),
                new Case(
                        "text/plain to /v1",
                        HttpMethod.POST,
                        "/v1/analyze",
                        Map.of("Content-Type", "text/plain"),
                        utf8("hello")),
                new Case(
                        "CloudEvent batch",
                        HttpMethod.POST,
                        "/",
                        Map.of("Content-Type", "application/cloudevents-batch+json"),
                        utf8("[]")),
                new Case(
                        "CloudEvent bad specversion",
                        HttpMethod.POST,
                        "/",
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "ce-specversion",
                                "0.3",
                                "ce-id",
                                "1",
                                "ce-source",
                                "b",
                                "ce-type",
                                "x"),
                        utf8("{\"texts\":[\"hi\"]}")),
                new Case(
                        "unknown CloudEvent type",
                        HttpMethod.POST,
                        "/",
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "ce-specversion",
                                "1.0",
                                "ce-id",
                                "1",
                                "ce-source",
                                "b",
                                "ce-type",
                                "no.such.type"),
                        utf8("{\"texts\":[\"hi\"]}")),
                new Case(
                        "form without image",
                        HttpMethod.POST,
                        "/v1/analyze",
                        form,
                        utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nx\r\n--"
                                + boundary + "--\r\n")),
                new Case(
                        "form field over 512K",
                        HttpMethod.POST,
                        "/v1/analyze",
                        form,
                        utf8("--" + boundary
                                + "\r\nContent-Disposition: form-data; name=\"document\"\r\n\r\n"
                                + "x".repeat(600 * 1024)
                                + "\r\n--" + boundary + "--\r\n")),
                new Case("unknown path", HttpMethod.GET, "/v2/nothing/here", Map.of(), null)));
        return cases;
    }
}
