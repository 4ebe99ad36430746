package dev.multimodal.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /v1/analyze in remote mode against stand-in step services that echo the envelope: each step is
 * called with its own type, only the steps with work are called, and an answer whose type names
 * another step than the gateway's route (a function of another version of the chain) is a 502.
 */
@QuarkusTest
@TestProfile(RemoteRouteTest.RemoteSteps.class)
class RemoteRouteTest {

    private static final String ANALYSIS = "dev.multimodal.analysis.";
    /**
     * The type each stand-in answers with (by function), and every call: the function and the ce-type
     * it was sent. The profile, which starts the stand-ins, and the test run in different class
     * loaders; system properties are what both see.
     */
    private static final String ANSWER = "remote-route-test.answer.";

    private static final String CALLS = "remote-route-test.calls";

    private static HttpServer server;

    public static class RemoteSteps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String base = "http://127.0.0.1:" + start().getAddress().getPort() + "/";
            return Map.of(
                    "mmf.models.include", "all-minilm-l6-v2-q",
                    "mmf.gateway.retries", "0",
                    "mmf.gateway.functions.analyze-image.url", base + "analyze-image",
                    "mmf.gateway.functions.analyze-audio.url", base + "analyze-audio",
                    "mmf.gateway.functions.analyze-video.url", base + "analyze-video",
                    "mmf.gateway.functions.analyze-text.url", base + "analyze-text",
                    "mmf.gateway.functions.analyze-fuse.url", base + "analyze-fuse",
                    "mmf.gateway.functions.analyze-score.url", base + "analyze-score");
        }
    }

    private static synchronized HttpServer start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String function = exchange.getRequestURI().getPath().substring(1);
                synchronized (System.class) {
                    System.setProperty(
                            CALLS,
                            System.getProperty(CALLS, "") + function + " "
                                    + exchange.getRequestHeaders().getFirst("ce-type") + "\n");
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("ce-type", System.getProperty(ANSWER + function, "none"));
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }
        return server;
    }

    @BeforeEach
    void answerAsTheFunctionsDo() {
        System.clearProperty(CALLS);
        System.setProperty(ANSWER + "analyze-image", ANALYSIS + "text.requested");
        System.setProperty(ANSWER + "analyze-text", ANALYSIS + "fuse.requested");
        System.setProperty(ANSWER + "analyze-fuse", ANALYSIS + "score.requested");
        System.setProperty(ANSWER + "analyze-score", ANALYSIS + "scored");
    }

    private static List<String> calls() {
        return System.getProperty(CALLS, "").lines().toList();
    }

    private static String imageWithText() {
        return "{\"image\":\"aW1n\",\"text\":\"a receipt\",\"captions\":[\"a receipt\"]}";
    }

    @Test
    void eachStepWithWorkIsSentItsOwnTypeAndNoOtherIsCalled() {
        given().contentType("application/json")
                .body(imageWithText())
                .post("/v1/analyze")
                .then()
                .statusCode(200)
                .body(
                        "steps.function",
                        equalTo(List.of("analyze-image", "analyze-text", "analyze-fuse", "analyze-score")));
        assertEquals(
                List.of(
                        "analyze-image " + ANALYSIS + "image.requested",
                        "analyze-text " + ANALYSIS + "text.requested",
                        "analyze-fuse " + ANALYSIS + "fuse.requested",
                        "analyze-score " + ANALYSIS + "score.requested"),
                calls(),
                "no speech step is called for an image");
    }

    @Test
    void anAnswerTypedForAnotherStepThanTheGatewaysRouteIsA502NamingTheFunction() {
        // as the linear chain of before answered: the audio step's old trigger
        System.setProperty(ANSWER + "analyze-image", ANALYSIS + "image.encoded");
        given().contentType("application/json")
                .body(imageWithText())
                .post("/v1/analyze")
                .then()
                .statusCode(502)
                .body("field", equalTo("analyze-image"))
                .body("error", containsString("different versions of the chain"));
        assertEquals(1, calls().size(), calls().toString());
    }
}
