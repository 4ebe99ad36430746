package dev.multimodal.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which encode-text requests {@link EncodeTextRoute} serves on the event loop and which go on to
 * Funqy: while the probe is on, a route between the two answers 299 for whatever passes the fast one.
 */
@QuarkusTest
class EncodeTextRouteTest {

    static volatile boolean probe;

    @Inject
    MeterRegistry registry;

    @ApplicationScoped
    static class Probe {
        void install(@Observes Router router) {
            router.post("/encode-text").order(EncodeTextRoute.ORDER + 1).handler(ctx -> {
                if (probe) {
                    ctx.response().setStatusCode(299).end("reached Funqy's side");
                } else {
                    ctx.next();
                }
            });
        }
    }

    @BeforeEach
    void on() {
        probe = true;
    }

    @AfterEach
    void off() {
        probe = false;
    }

    @Test
    void aSmallPlainJsonRequestIsServedBeforeFunqy() {
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", java.util.List.of("first light", "second light")))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("embeddings", hasSize(2))
                .body("embeddings[1].vector", hasSize(384));
        given().contentType(ContentType.JSON)
                .body("{\"texts\": 5}")
                .post("/encode-text")
                .then()
                .statusCode(400)
                .body("field", equalTo("texts"));
        // a cut-off body is not JSON at all: named as the body, as Funqy's route names it
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"a\"")
                .post("/encode-text")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"));
    }

    /**
     * One text at a time finds the model idle: it runs on the event loop that received it
     * (mmf.batch.caller-runs), the first perhaps after a batch left by another test. Two texts in one
     * request are a batch, for a worker.
     */
    @Test
    void loneTextsOnAnIdleModelRunWhereTheyArriveAndBatchesGoToTheWorkers() {
        double before = callerRuns();
        for (int i = 0; i < 6; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("texts", java.util.List.of("lone text " + i)))
                    .post("/encode-text")
                    .then()
                    .statusCode(200)
                    .body("embeddings[0].vector", hasSize(384));
        }
        double lone = callerRuns() - before;
        assertTrue(lone >= 5 && lone <= 6, "lone texts run by their callers: " + lone);
        before = callerRuns();
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", java.util.List.of("first of two", "second of two")))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("embeddings", hasSize(2));
        assertEquals(before, callerRuns(), "a batch of two is a worker's");
    }

    /**
     * The same lone text, once on a worker (right after a batch, the model counts as busy) and once
     * on the event loop (the model idle again): the same vector, to the bit.
     */
    @Test
    void aTextRunByItsCallerGetsTheVectorAWorkerGivesIt() {
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", java.util.List.of("first of two", "second of two")))
                .post("/encode-text")
                .then()
                .statusCode(200);
        double before = callerRuns();
        java.util.List<Float> onWorker = vector("the same lone text");
        assertEquals(before, callerRuns(), "after a batch, a worker ran it");
        java.util.List<Float> here = vector("the same lone text");
        assertEquals(before + 1, callerRuns(), "then the caller ran it");
        assertEquals(onWorker, here);
    }

    private static java.util.List<Float> vector(String text) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("texts", java.util.List.of(text)))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("embeddings[0].vector", Float.class);
    }

    private double callerRuns() {
        return registry.find("mmf.batch.caller.runs").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Test
    void eventsLargeBodiesAndOtherTypesGoOnToFunqy() {
        given().contentType(ContentType.JSON)
                .header("ce-type", "dev.multimodal.text.encode")
                .header("ce-source", "test")
                .header("ce-specversion", "1.0")
                .header("ce-id", "1")
                .body(Map.of("texts", java.util.List.of("an event")))
                .post("/encode-text")
                .then()
                .statusCode(299);
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"test\", \"type\": \"t\", \"data\": {}}")
                .post("/encode-text")
                .then()
                .statusCode(299);
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"" + "x".repeat(RequestGuard.PARSE_ON_EVENT_LOOP_BYTES) + "\"]}")
                .post("/encode-text")
                .then()
                .statusCode(299);
    }
}
