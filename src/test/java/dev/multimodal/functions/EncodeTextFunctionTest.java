package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.api.EncodeTextRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class EncodeTextFunctionTest {

    @Test
    void theSampleRequestGetsNormalisedVectorsWithTheirModel() {
        Response response = given().contentType(ContentType.JSON)
                .body(Samples.text("encode-text", "request.json"))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2-q"))
                .body("version", equalTo("1.0.0"))
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .body("dimension", equalTo(384))
                .body("maxTokens", equalTo(128))
                .body("embeddings", hasSize(2))
                .body("embeddings[0].index", equalTo(0))
                .body("embeddings[1].index", equalTo(1))
                .body("embeddings[0].truncated", equalTo(false))
                .extract()
                .response();
        List<Float> vector = response.path("embeddings[0].vector");
        assertEquals(384, vector.size());
        double norm = Math.sqrt(vector.stream().mapToDouble(v -> v * v).sum());
        assertEquals(1.0, norm, 1e-4);
        assertEquals(
                11,
                (int) response.path("embeddings[0].tokens"),
                "[CLS] a red bicycle leans against a brick wall . [SEP]");
    }

    @Test
    void aNamedModelIsUsed() {
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"hello\"], \"model\": \"all-minilm-l6-v2\"}")
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2"))
                .body("embeddings[0].vector", hasSize(384));
    }

    @Test
    void longTextsAreTruncatedAndSaySoOrAveragedOnRequest() {
        String text = "word ".repeat(400);
        given().contentType(ContentType.JSON)
                .body(new EncodeTextRequest(List.of(text), null, null))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("embeddings[0].truncated", equalTo(true))
                .body("embeddings[0].tokens", equalTo(402));
        given().contentType(ContentType.JSON)
                .body(new EncodeTextRequest(List.of(text), null, "average"))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("embeddings[0].truncated", equalTo(false))
                .body("embeddings[0].tokens", equalTo(402));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"texts\": []}                          | 400 | texts",
                "{}                                       | 400 | texts",
                "{\"texts\": \"one text\"}                | 400 | texts",
                "{\"texts\": [1, 2]}                      | 400 | texts[0]",
                "{\"texts\": [\"ok\", true]}              | 400 | texts[1]",
                "{\"texts\": [\"ok\", null]}              | 400 | texts[1]",
                "{\"texts\": [\"ok\", {\"a\": 1}]}        | 400 | texts[1]",
                "{\"texts\": [\"\"]}                      | 400 | texts[0]",
                "{\"texts\": [\"   \"]}                   | 400 | texts[0]",
                "{\"texts\": [\"ok\"], \"model\": 5}      | 400 | model",
                "{\"texts\": [\"ok\"], \"model\": \"gpt\"} | 422 | model",
                "{\"texts\": [\"ok\"], \"overflow\": \"x\"} | 400 | overflow",
                "[\"ok\"]                                  | 400 | body",
                "\"ok\"                                    | 400 | body",
                "{\"texts\": [\"ok\"                       | 400 | body",
                "not json at all                          | 400 | body",
            })
    void badInputGetsA4xxThatNamesTheField(String body, int status, String field) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/encode-text")
                .then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("field", equalTo(field))
                .body("error", containsString(field.equals("body") ? "" : field.replaceAll("\\[.*", "")));
    }

    @Test
    void limitsAreNamedWithTheirValue() {
        given().contentType(ContentType.JSON)
                .body(new EncodeTextRequest(Collections.nCopies(257, "t"), null, null))
                .post("/encode-text")
                .then()
                .statusCode(413)
                .body("field", equalTo("texts"))
                .body("error", containsString("256"));
        given().contentType(ContentType.JSON)
                .body(new EncodeTextRequest(List.of("ok", "x".repeat(100_001)), null, null))
                .post("/encode-text")
                .then()
                .statusCode(413)
                .body("field", equalTo("texts[1]"))
                .body("error", containsString("100000"));
    }

    @Test
    void otherBodiesAndMethodsGetJsonErrors() {
        given().contentType(ContentType.TEXT)
                .body("hello")
                .post("/encode-text")
                .then()
                .statusCode(415)
                .body("field", equalTo("Content-Type"));
        given().contentType(ContentType.JSON)
                .post("/encode-text")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"));
        // a body over the limit: StrictEdgeTest, on a raw socket (the 413 comes before the body is read)
    }

    @Test
    void theServiceStaysHealthyAfterBadInput() {
        for (String body : List.of("{", "[]", "{\"texts\": [1]}", "{\"texts\": []}", "")) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/encode-text")
                    .then()
                    .statusCode(400);
        }
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.data.all-minilm-l6-v2-q", equalTo("READY on cpu"));
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"still working\"]}")
                .post("/encode-text")
                .then()
                .statusCode(200);
    }

    @Test
    void metricsShowBatchesQueueWaitInferenceAndProvider() {
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"count me\"]}")
                .post("/encode-text")
                .then()
                .statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : List.of(
                "mmf_batch_size_count{model=\"all-minilm-l6-v2-q\"",
                "mmf_batch_queue_wait_seconds_bucket{model=\"all-minilm-l6-v2-q\"",
                "mmf_inference_time_seconds_bucket{model=\"all-minilm-l6-v2-q\"",
                "mmf_model_provider{model=\"all-minilm-l6-v2-q\",provider=\"cpu\"} 1.0")) {
            assertTrue(metrics.contains(series), "missing " + series);
        }
    }

    @Test
    void concurrentRequestsShareSessionRuns() throws Exception {
        double[] before = batchSizeSumAndCount();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(32);
        List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 96; i++) {
            String body = "{\"texts\": [\"concurrent request number " + i + "\"]}";
            statuses.add(clients.submit(() -> given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/encode-text")
                    .statusCode()));
        }
        for (var status : statuses) {
            assertEquals(200, status.get());
        }
        clients.shutdown();
        double[] after = batchSizeSumAndCount();
        double texts = after[0] - before[0];
        double runs = after[1] - before[1];
        assertEquals(96, texts, 0.0);
        assertTrue(runs < texts, "96 concurrent texts took " + runs + " session runs");
    }

    private static double[] batchSizeSumAndCount() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        double count = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("mmf_batch_size_sum{model=\"all-minilm-l6-v2-q\"")) {
                sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("mmf_batch_size_count{model=\"all-minilm-l6-v2-q\"")) {
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new double[] {sum, count};
    }

    @Test
    void identicalTextsGetIdenticalVectorsWhateverTheirBatchMatesWithFp32() {
        List<Float> alone = given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"the same text\"], \"model\": \"all-minilm-l6-v2\"}")
                .post("/encode-text")
                .then()
                .statusCode(200)
                .extract()
                .path("embeddings[0].vector");
        List<Float> batched = given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"a much longer companion text that forces padding of the shorter one\", "
                        + "\"the same text\"], \"model\": \"all-minilm-l6-v2\"}")
                .post("/encode-text")
                .then()
                .statusCode(200)
                .extract()
                .path("embeddings[1].vector");
        double dot = 0;
        for (int i = 0; i < alone.size(); i++) {
            dot += alone.get(i) * batched.get(i);
        }
        assertTrue(dot > 0.99999, "cosine " + dot);
    }

    @Test
    void openApiAndUnknownPathsAnswer() {
        given().get("/q/openapi").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/no-such-function")
                .then()
                .statusCode(404);
        given().get("/q/health/ready").then().body("checks.find { it.name == 'models' }.data.size()", greaterThan(1));
    }
}
