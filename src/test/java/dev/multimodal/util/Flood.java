package dev.multimodal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A burst of the same request from many clients at once, for the overload tests: every answer is
 * either served (200) or shed (503 with the expected Retry-After), and each kind is checked further
 * by the caller; anything else fails the test.
 */
public final class Flood {

    /** How the burst was answered. */
    public record Outcome(int served, int shed) {}

    private Flood() {}

    public static Outcome send(
            int clients,
            int requests,
            Supplier<Response> request,
            String retryAfter,
            Consumer<Response> checkShed,
            Consumer<Response> checkServed)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(request::get));
            }
            int served = 0;
            int shed = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 503) {
                    assertEquals(retryAfter, response.header("Retry-After"), response.asString());
                    checkShed.accept(response);
                    shed++;
                } else {
                    assertEquals(200, response.statusCode(), response.asString());
                    checkServed.accept(response);
                    served++;
                }
            }
            return new Outcome(served, shed);
        } finally {
            pool.shutdownNow();
        }
    }
}
