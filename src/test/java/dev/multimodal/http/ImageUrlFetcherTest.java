package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.image.EncodedImage;
import dev.multimodal.refusal.InputException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a server of the test's own on 127.0.0.1, the one address these tests allow. Redirects
 * lead to 127.0.0.2, loopback too, so that a broken check could never reach beyond this machine.
 */
class ImageUrlFetcherTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3};
    private static Vertx vertx;
    private static HttpServer server;
    private static int port;
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void serve() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            seen.add(request.path());
            var response = request.response();
            switch (request.path()) {
                case "/img" -> response.putHeader("Content-Type", "image/png").end(Buffer.buffer(PNG));
                case "/hop1" ->
                    response.setStatusCode(302).putHeader("Location", "/hop2").end();
                case "/hop2" ->
                    response.setStatusCode(301).putHeader("Location", "/img").end();
                case "/loop" ->
                    response.setStatusCode(302).putHeader("Location", "/loop").end();
                case "/out" ->
                    response.setStatusCode(302)
                            .putHeader("Location", "http://127.0.0.2:" + port + "/img")
                            .end();
                case "/big" -> response.putHeader("Content-Type", "image/png").end(Buffer.buffer(new byte[5000]));
                case "/chunked" -> {
                    response.setChunked(true);
                    for (int i = 0; i < 10; i++) {
                        response.write(Buffer.buffer(new byte[600]));
                    }
                    response.end();
                }
                case "/slow" -> vertx.setTimer(30_000, t -> response.end("late"));
                default -> response.setStatusCode(404).end();
            }
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @BeforeEach
    void clear() {
        seen.clear();
    }

    private static ImageUrlFetcher fetcher(boolean enabled, List<AddressPolicy.Cidr> allowed) {
        return new ImageUrlFetcher(
                vertx,
                new ImageUrlFetcher.Settings(enabled, 4096, Duration.ofSeconds(5), 3, new AddressPolicy(allowed)));
    }

    private static final List<AddressPolicy.Cidr> LOCAL = List.of(AddressPolicy.Cidr.parse("127.0.0.1/32"));

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void anAllowedImageIsFetchedAndKeepsItsContentType() {
        try (ImageUrlFetcher f = fetcher(true, LOCAL)) {
            EncodedImage image = f.fetch(url("/img"), "imageUrl");
            assertArrayEquals(PNG, image.bytes());
            assertEquals("image/png", image.claimedType());
            assertArrayEquals(PNG, f.fetch(url("/hop1"), "imageUrl").bytes(), "two redirects are fine");
        }
    }

    @Test
    void loopbackIsRefusedBeforeAnyConnectionByDefault() {
        try (ImageUrlFetcher f = fetcher(true, List.of())) {
            InputException e = assertThrows(InputException.class, () -> f.fetch(url("/img"), "imageUrl"));
            assertEquals(422, FailureStatuses.status(e));
            assertTrue(e.getMessage().contains("127.0.0.1, a loopback address"), e.getMessage());
            assertEquals(List.of(), seen, "no request reached the server");
            assertThrows(InputException.class, () -> f.fetch("http://169.254.169.254/latest/meta-data/", "imageUrl"));
            assertThrows(InputException.class, () -> f.fetch("http://[::1]:" + port + "/img", "imageUrl"));
        }
    }

    @Test
    void aRedirectToADisallowedAddressIsRefusedBeforeFollowingIt() {
        try (ImageUrlFetcher f = fetcher(true, LOCAL)) {
            InputException e = assertThrows(InputException.class, () -> f.fetch(url("/out"), "imageUrl"));
            assertTrue(e.getMessage().contains("127.0.0.2"), e.getMessage());
            assertEquals(List.of("/out"), seen);
        }
    }

    @Test
    void limitsOnRedirectsBytesAndTimeHold() {
        try (ImageUrlFetcher f = fetcher(true, LOCAL)) {
            InputException loop = assertThrows(InputException.class, () -> f.fetch(url("/loop"), "imageUrl"));
            assertTrue(loop.getMessage().contains("more than 3"), loop.getMessage());
            assertEquals(4, seen.size(), "the first request and three redirects");
            assertEquals(
                    413,
                    FailureStatuses.status(assertThrows(InputException.class, () -> f.fetch(url("/big"), "imageUrl"))));
            assertEquals(
                    413,
                    FailureStatuses.status(
                            assertThrows(InputException.class, () -> f.fetch(url("/chunked"), "imageUrl"))));
            InputException slow = assertThrows(InputException.class, () -> f.fetch(url("/slow"), "imageUrl"));
            assertEquals(422, FailureStatuses.status(slow));
            assertEquals(
                    422,
                    FailureStatuses.status(
                            assertThrows(InputException.class, () -> f.fetch(url("/nothing"), "imageUrl"))));
        }
    }

    @Test
    void offByDefaultAndOnlyHttp() {
        try (ImageUrlFetcher off = fetcher(false, LOCAL);
                ImageUrlFetcher on = fetcher(true, LOCAL)) {
            assertEquals(
                    422,
                    FailureStatuses.status(
                            assertThrows(InputException.class, () -> off.fetch(url("/img"), "imageUrl"))));
            assertEquals(List.of(), seen);
            for (String bad : List.of(
                    "file:///etc/passwd",
                    "ftp://127.0.0.1/x.png",
                    "gopher://127.0.0.1/",
                    "not a url",
                    "http://user:pw@127.0.0.1:" + port + "/img")) {
                assertEquals(
                        400,
                        FailureStatuses.status(assertThrows(InputException.class, () -> on.fetch(bad, "imageUrl"))),
                        bad);
            }
        }
    }
}
