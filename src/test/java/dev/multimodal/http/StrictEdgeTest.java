package dev.multimodal.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP edge as RFC 9112 and a slow or careless client need it, tested on a raw socket where
 * framing is the point: each of these was served before (a 200, or an answer echoing the bad part).
 */
@QuarkusTest
class StrictEdgeTest {

    @TestHTTPResource("/")
    URL root;

    private Socket connect() throws IOException {
        Socket socket = new Socket(root.getHost(), root.getPort());
        socket.setSoTimeout(60_000);
        return socket;
    }

    /** Everything the server sends until it closes the connection (or 60 s pass: then what came). */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return all.toString(StandardCharsets.UTF_8) + "\n[still open]";
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readUntilClosed(socket.getInputStream());
        }
    }

    @Test
    void anUnknownHttpVersionIs505InAVersionTheServerSpeaks() throws Exception {
        String answer = exchange("GET /q/health/live HTTP/9.9\r\nHost: localhost\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 505 "), answer);
        assertTrue(answer.endsWith("}"), "the connection is closed after the answer: " + answer);
    }

    @Test
    void aPostWithoutHostIs400NamingHost() throws Exception {
        String body = "{\"texts\":[\"hi\"]}";
        String answer = exchange("POST /encode-text HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\"field\":\"Host\""), answer);
    }

    @Test
    void expectContinueOverTheBodyLimitIs413AndTheConnectionClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write(("POST /encode-text HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 30000000\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            String answer = readUntilClosed(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413 "), "no 100 Continue, a 413 at once: " + answer);
            assertTrue(answer.contains("max-body-size"), answer);
            assertTrue(!answer.endsWith("[still open]"), "the connection is closed: " + answer);
        }
    }

    /**
     * A body declared over the limit, without Expect: the 413 comes once the headers are in, and the
     * connection is closed, so a client that sends its body anyway stops at a broken pipe instead of
     * uploading 30 MB that nobody reads. (RestAssured, which writes the whole body before it reads,
     * saw that broken pipe and not the answer.)
     */
    @Test
    void aBodyDeclaredOverTheLimitIs413BeforeItIsSent() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write(("POST /encode-text HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 30408704\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = readUntilClosed(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413 "), "a 413 before any of the body: " + answer);
            assertTrue(answer.contains("max-body-size"), answer);
            assertTrue(!answer.endsWith("[still open]"), "the connection is closed: " + answer);
        }
    }

    /**
     * A body sent a byte at a time, slower than quarkus.http.read-timeout allows (20 s in tests): the
     * server answers 408 and closes the connection while the client is still sending.
     */
    @ParameterizedTest(name = "{0}, Content-Length {1}")
    @CsvSource({"/encode-text, 200", "/v1/embeddings, 200", "/v1/embeddings, 20000"})
    void aBodyDrippingAByteAtATimeIsCutOff(String path, int length) throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicInteger sent = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread dripper = new Thread(() -> {
                try {
                    while (!stop.get() && sent.get() < length) {
                        out.write(' ');
                        out.flush();
                        sent.incrementAndGet();
                        Thread.sleep(250);
                    }
                } catch (Exception e) {
                    // the server closed the connection
                }
            });
            dripper.start();
            String answer = readUntilClosed(socket.getInputStream());
            stop.set(true);
            dripper.join();
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("quarkus.http.read-timeout"), answer);
            // OpenAI's clients read only OpenAI's error shape (a small body on the event-loop route, a
            // large one read by Quarkus REST)
            assertTrue(
                    path.startsWith("/v1/") == answer.contains("\"type\":\"invalid_request_error\""),
                    "the error shape of " + path + ": " + answer);
            assertTrue(!answer.endsWith("[still open]"), "the connection is closed");
            assertTrue(
                    sent.get() < length,
                    "closed while the body was still coming (" + sent.get() + " of " + length + " bytes sent)");
        }
    }

    /** Header lines sent a byte at a time: 408 and a closed connection before the header block ends. */
    @Test
    void headersDrippingAByteAtATimeAreCutOff() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] header = ("X-Slow: " + "a".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            AtomicInteger sent = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread dripper = new Thread(() -> {
                try {
                    while (!stop.get() && sent.get() < header.length) {
                        out.write(header[sent.get()]);
                        out.flush();
                        sent.incrementAndGet();
                        Thread.sleep(250);
                    }
                } catch (Exception e) {
                    // the server closed the connection
                }
            });
            dripper.start();
            String answer = readUntilClosed(socket.getInputStream());
            stop.set(true);
            dripper.join();
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(!answer.endsWith("[still open]"), "the connection is closed");
            assertTrue(sent.get() < header.length, "closed while the headers were still coming");
        }
    }

    @Test
    void transferEncodingWithContentLengthIs400() throws Exception {
        String body = "{\"texts\":[\"hi\"]}";
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        String answer = exchange("POST /encode-text HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(!answer.endsWith("[still open]"), "the connection is closed: " + answer);
        // the same request chunked alone is served
        String served = exchange("POST /encode-text HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked);
        assertTrue(served.startsWith("HTTP/1.1 200 "), served);
    }

    private static byte[] withBytes(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    @Test
    void invalidUtf8Is400NamingTheBodyOnEveryEndpoint() {
        byte[][] invalid = {
            {'a', (byte) 0xC0, (byte) 0xAF, 'b'}, // overlong "/"
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong, three bytes
            {'a', (byte) 0x80, 'b'}, // a lone continuation byte
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate (U+D800) encoded in UTF-8
            {(byte) 0xE2, (byte) 0x82}, // cut off before the closing quote
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
            {(byte) 0xFF},
        };
        for (byte[] bad : invalid) {
            given().contentType(ContentType.JSON)
                    .body(withBytes("{\"texts\":[\"", bad, "\"]}"))
                    .post("/encode-text")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("body"))
                    .body("error", containsString("UTF-8"));
            given().contentType(ContentType.JSON)
                    .body(withBytes("{\"image\":\"x\",\"text\":\"", bad, "\"}"))
                    .post("/v1/analyze")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("body"))
                    .body("error", containsString("UTF-8"));
            given().contentType(ContentType.JSON)
                    .body(withBytes("{\"id\":\"", bad, "\",\"inputs\":[]}"))
                    .post("/v2/models/all-minilm-l6-v2-q/infer")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("body"))
                    .body("error", containsString("UTF-8"));
        }
        // the same text in valid UTF-8 is served
        given().contentType(ContentType.JSON)
                .body("{\"texts\":[\"a/b \u00e9 \u20ac \ud83d\ude00\"]}".getBytes(StandardCharsets.UTF_8))
                .post("/encode-text")
                .then()
                .statusCode(200);
    }

    @Test
    void echoedValuesAreBounded() {
        String huge = "m".repeat(100_000);
        String answer = given().contentType(ContentType.JSON)
                .body("{\"texts\":[\"hi\"],\"model\":\"" + huge + "\"}")
                .post("/encode-text")
                .then()
                .statusCode(422)
                .body("field", equalTo("model"))
                .extract()
                .asString();
        assertTrue(
                answer.length() < 1000,
                answer.length() + " characters: " + answer.substring(0, Math.min(200, answer.length())));
        assertTrue(answer.contains("mmmm… (99936 more characters)"), answer);
        String oip = given().contentType(ContentType.JSON)
                .body("{\"inputs\":[]}")
                .post("/v2/models/" + huge.substring(0, 3_000) + "/infer")
                .then()
                .statusCode(404)
                .extract()
                .asString();
        assertTrue(oip.length() < 1000, oip.length() + " characters");
        String key = given().contentType(ContentType.JSON)
                .body("{\"" + huge + "\":1}")
                .post("/v2/models/all-minilm-l6-v2-q/infer")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(413)))
                .extract()
                .asString();
        assertTrue(key.length() < 1000, key.length() + " characters");
        String event = given().contentType(ContentType.JSON)
                .header("ce-specversion", huge.substring(0, 10_000))
                .header("ce-id", "1")
                .header("ce-source", "t")
                .header("ce-type", "dev.multimodal.text.encode.requested")
                .body("{\"texts\":[\"hi\"]}")
                .post("/")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        assertTrue(event.length() < 1000, event.length() + " characters");
    }

    @Test
    void thePlaygroundIsServedWithAStrictPolicyAndRevalidated() {
        var page = given().get("/ui/")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("media-src 'self' blob:;"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Cache-Control", equalTo("no-cache"))
                .body(containsString("src=\"app.js?v="))
                .body(containsString("src=\"media.js?v="))
                .body(containsString("href=\"app.css?v="))
                .extract();
        String etag = page.header("ETag");
        given().header("If-None-Match", etag).get("/ui/").then().statusCode(304);
        given().get("/ui/index.html").then().statusCode(200).header("ETag", equalTo(etag));
        for (String asset : new String[] {"/ui/app.js", "/ui/media.js", "/ui/app.css"}) {
            given().get(asset)
                    .then()
                    .statusCode(200)
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Content-Security-Policy", containsString("default-src 'none'"));
        }
        assertEquals(302, given().redirects().follow(false).get("/ui").statusCode());
    }
}
