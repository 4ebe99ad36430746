package dev.multimodal.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
