package dev.multimodal.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.refusal.InputException;
import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.service.RequestCancellation;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.restassured.http.ContentType;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A {@link SmallJsonRoute} on a path of its own: which requests it takes, that it starts their work on
 * the event loop inside a request context that knows the request (its cancellation is live), and
 * that its refusals are the service's.
 */
@QuarkusTest
class SmallJsonRouteTest {

    static final String PATH = "/test/small-json";

    /** The request: {@code mode} picks what the work does. */
    public record Ask(String text, String mode) {}

    /** The answer: what the work saw where it started. */
    public record Seen(String text, String thread, boolean tokenLive, int liveRequests) {}

    @ApplicationScoped
    static class Routes {

        @Inject
        RequestCancellation cancellation;

        private final AtomicReference<Cancellation> lastToken = new AtomicReference<>();

        /** Through a method: the test holds a client proxy, whose own fields are not the bean's. */
        AtomicReference<Cancellation> lastToken() {
            return lastToken;
        }

        void install(@Observes Router router, ObjectMapper mapper, CurrentVertxRequest current) {
            router.post(PATH).order(-800).handler(new SmallJsonRoute<>(Ask.class, this::start, mapper, current));
            // what the route leaves goes on, as /v1/embeddings' go on to its JAX-RS resource
            router.post(PATH)
                    .order(-799)
                    .handler(ctx -> ctx.response().setStatusCode(299).end("next"));
        }

        CompletionStage<Seen> start(Ask ask) {
            if (ask == null) {
                throw InputException.badRequest("body", "empty");
            }
            Cancellation token = cancellation.get();
            lastToken.set(token);
            Seen seen = new Seen(
                    ask.text(), Thread.currentThread().getName(), token != Cancellation.none(), cancellation.live());
            return switch (ask.mode() == null ? "" : ask.mode()) {
                case "refuse" -> throw InputException.tooLarge("text", "text is over the limit of 3");
                case "overload" -> CompletableFuture.failedFuture(new OverloadedException("busy now", 7));
                case "hang" -> new CompletableFuture<>();
                default -> CompletableFuture.supplyAsync(() -> seen); // completes off the event loop
            };
        }
    }

    @TestHTTPResource(PATH)
    URI uri;

    @Inject
    Routes routes;

    @Test
    void aSmallJsonBodyStartsItsWorkOnTheEventLoopWithTheRequestsCancellation() {
        given().contentType(ContentType.JSON)
                .body("{\"text\": \"hi\"}")
                .post(PATH)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("text", equalTo("hi"))
                .body("thread", startsWith("vert.x-eventloop-thread"))
                .body("tokenLive", equalTo(true))
                .body("liveRequests", greaterThanOrEqualTo(1));
    }

    @Test
    void aLargeChunkedOrOtherBodyGoesOnToTheNextRoute() throws Exception {
        String large = "{\"text\": \"" + "x".repeat(RequestGuard.PARSE_ON_EVENT_LOOP_BYTES) + "\"}";
        given().contentType(ContentType.JSON).body(large).post(PATH).then().statusCode(299);
        given().contentType(ContentType.TEXT)
                .body("{\"text\": \"hi\"}")
                .post(PATH)
                .then()
                .statusCode(299);
        // as the other routes would judge them: Funqy's media type check is case-sensitive, Quarkus REST
        // answers an Accept it cannot meet, and neither normalises the path as the router does
        given().contentType("APPLICATION/JSON")
                .body("{\"text\": \"hi\"}")
                .post(PATH)
                .then()
                .statusCode(299);
        given().contentType(ContentType.JSON)
                .accept("application/xml")
                .body("{\"text\": \"hi\"}")
                .post(PATH)
                .then()
                .statusCode(299);
        given().contentType(ContentType.JSON)
                .body("{\"text\": \"hi\"}")
                .post(PATH + "/")
                .then()
                .statusCode(299);
        given().contentType(ContentType.JSON)
                .accept("application/json, text/plain;q=0.5")
                .body("{\"text\": \"hi\"}")
                .post(PATH)
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .header("Expect", "100-continue")
                .body("{\"text\": \"hi\"}")
                .post(PATH)
                .then()
                .statusCode(299);
        HttpResponse<String> chunked = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                        "{\"text\": \"hi\"}".getBytes(StandardCharsets.UTF_8))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(299, chunked.statusCode(), chunked.body());
    }

    @Test
    void refusalsAreTheServicesStatusesNamingTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"text\": \"hi\"")
                .post(PATH)
                .then()
                .statusCode(400)
                .body("field", equalTo("body"));
        given().contentType(ContentType.JSON)
                .body("{\"text\": 5}")
                .post(PATH)
                .then()
                .statusCode(400)
                .body("field", equalTo("text"));
        given().contentType(ContentType.JSON)
                .body(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '"', '}'})
                .post(PATH)
                .then()
                .statusCode(400)
                .body("field", equalTo("body"))
                .body("error", containsString("UTF-8"));
        given().contentType(ContentType.JSON).body("  \n").post(PATH).then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("text", "long", "mode", "refuse"))
                .post(PATH)
                .then()
                .statusCode(413)
                .body("field", equalTo("text"))
                .body("error", containsString("limit of 3"));
        given().contentType(ContentType.JSON)
                .body(Map.of("text", "hi", "mode", "overload"))
                .post(PATH)
                .then()
                .statusCode(503)
                .header("Retry-After", "7")
                .body("error", containsString("busy now"));
    }

    @Test
    void aClientThatLeavesCancelsItsWork() throws Exception {
        String body = "{\"text\": \"bye\", \"mode\": \"hang\"}";
        routes.lastToken().set(null);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (routes.lastToken().get() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        Cancellation token = routes.lastToken().get();
        assertTrue(token != null && token != Cancellation.none(), "the work started with the request's token");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!token.cancelled() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(token.cancelled(), "the token fired when the connection closed");
    }
}
