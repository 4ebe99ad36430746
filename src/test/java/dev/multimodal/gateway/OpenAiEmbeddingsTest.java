package dev.multimodal.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.util.JsonVectors;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenAI's embeddings and models API over encode-text: its shapes, its vectors, its refusals. */
@QuarkusTest
class OpenAiEmbeddingsTest {

    @TestHTTPResource("/v1/embeddings")
    URI embeddings;

    private static final List<String> TEXTS =
            List.of("a red bicycle leans against a brick wall.", "Two croissants and a coffee, please.");

    /**
     * The fp32 model: the int8 one quantises each batch's activations with one scale, so its vectors
     * move (in the second decimal) with whichever texts share a run, and two texts sent together may
     * run as one batch or as two. fp32 vectors differ by padding only, within float rounding.
     */
    @Test
    void aListOfStringsGetsOpenAisShapeWithEncodeTextsVectorsAndTokenCounts() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("input", TEXTS, "model", "all-minilm-l6-v2"))
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("object", equalTo("list"))
                .body("model", equalTo("all-minilm-l6-v2"))
                .body("data", hasSize(2))
                .body("data[0].object", equalTo("embedding"))
                .body("data[0].index", equalTo(0))
                .body("data[1].index", equalTo(1))
                .body("data[0].embedding", hasSize(384))
                .extract()
                .response();
        Response reference = encodeText(TEXTS, "all-minilm-l6-v2");
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(
                    JsonVectors.floats(reference.path("embeddings[" + i + "].vector")),
                    JsonVectors.floats(response.path("data[" + i + "].embedding")),
                    1e-6f,
                    "text " + i);
        }
        int tokens = (int) reference.path("embeddings[0].tokens") + (int) reference.path("embeddings[1].tokens");
        assertEquals(tokens, (int) response.path("usage.prompt_tokens"));
        assertEquals(tokens, (int) response.path("usage.total_tokens"));
    }

    @Test
    void aSingleStringWithoutAModelUsesTheDefaultTextModel() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("input", TEXTS.get(1), "user", "u-1"))
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2-q"))
                .body("data", hasSize(1))
                .extract()
                .response();
        assertArrayEquals(
                JsonVectors.floats(encodeText(List.of(TEXTS.get(1)), null).path("embeddings[0].vector")),
                JsonVectors.floats(response.path("data[0].embedding")));
    }

    @Test
    void base64IsTheSameVectorAsLittleEndianFloat32() {
        float[] asFloats = JsonVectors.floats(given().contentType(ContentType.JSON)
                .body(Map.of("input", TEXTS, "model", "all-minilm-l6-v2", "encoding_format", "float"))
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .extract()
                .path("data[1].embedding"));
        String encoded = given().contentType(ContentType.JSON)
                .body(Map.of("input", TEXTS, "model", "all-minilm-l6-v2", "encoding_format", "base64"))
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2"))
                .extract()
                .path("data[1].embedding");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(decoded);
        assertArrayEquals(asFloats, decoded);
    }

    /**
     * A small body is served on the event loop (http.SmallJsonRoute), a large one by the JAX-RS
     * resource: the same request padded past 16 KB with JSON whitespace gets the same answer.
     */
    @Test
    void smallAndLargeBodiesGetTheSameAnswerAndTheSameRefusals() {
        String request = "{\"input\": [\"a red bicycle\"], \"model\": \"all-minilm-l6-v2\"}";
        String padded = "{\"input\": [\"a red bicycle\"]," + " ".repeat(20_000) + "\"model\": \"all-minilm-l6-v2\"}";
        float[] small = firstVector(request);
        float[] large = firstVector(padded);
        assertArrayEquals(small, large);
        for (String body : List.of(request, padded)) {
            given().contentType(ContentType.JSON)
                    .body(body.replace("all-minilm-l6-v2", "text-embedding-3-small"))
                    .post("/v1/embeddings")
                    .then()
                    .statusCode(404)
                    .body("error.param", equalTo("model"))
                    .body("error.code", equalTo("model_not_found"));
        }
    }

    /** The first vector of a request for one five-token text. */
    private static float[] firstVector(String body) {
        return JsonVectors.floats(given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .body("usage.total_tokens", equalTo(5))
                .extract()
                .path("data[0].embedding"));
    }

    @Test
    void dimensionsEqualToTheModelsOwnAreAccepted() {
        given().contentType(ContentType.JSON)
                .body(Map.of("input", "hi", "dimensions", 384))
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .body("data[0].embedding", hasSize(384));
    }

    @Test
    void theModelsAreListedAndFoundByIdInOpenAisShape() {
        given().get("/v1/models")
                .then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("all-minilm-l6-v2-q", "all-minilm-l6-v2"))
                .body("data[0].object", equalTo("model"))
                .body("data[0].owned_by", equalTo("multimodal-functions"));
        given().get("/v1/models/all-minilm-l6-v2")
                .then()
                .statusCode(200)
                .body("id", equalTo("all-minilm-l6-v2"))
                .body("object", equalTo("model"));
        given().get("/v1/models/text-embedding-3-small")
                .then()
                .statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("model"))
                .body("error.code", equalTo("model_not_found"));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"input\": []}                                           | 400 | input",
                "{}                                                        | 400 | input",
                "{\"input\": \"\"}                                         | 400 | input[0]",
                "{\"input\": [\"ok\", \"  \"]}                             | 400 | input[1]",
                "{\"input\": 5}                                            | 400 | input",
                "{\"input\": {\"text\": \"ok\"}}                           | 400 | input",
                "{\"input\": [\"ok\", true]}                               | 400 | input[1]",
                "{\"input\": [\"ok\", null]}                               | 400 | input[1]",
                "{\"input\": [\"ok\", 1.5]}                                | 400 | input[1]",
                "{\"input\": [1, 2, 3]}                                    | 400 | input",
                "{\"input\": [[1, 2], [3]]}                                | 400 | input",
                "{\"input\": \"ok\", \"model\": \"text-embedding-3-small\"} | 404 | model",
                "{\"input\": \"ok\", \"model\": \"clip-vit-b-32\"}         | 404 | model",
                "{\"input\": \"ok\", \"model\": 5}                         | 400 | model",
                "{\"input\": \"ok\", \"encoding_format\": \"int8\"}        | 400 | encoding_format",
                "{\"input\": \"ok\", \"encoding_format\": 1}               | 400 | encoding_format",
                "{\"input\": \"ok\", \"dimensions\": 256}                  | 400 | dimensions",
                "{\"input\": \"ok\", \"dimensions\": \"384\"}              | 400 | dimensions",
                "{\"input\": \"ok\", \"dimensions\": 384.5}                | 400 | dimensions",
            })
    void refusalsAreInOpenAisErrorShapeNamingTheParam(String body, int status, String param) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/embeddings")
                .then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param))
                .body("error.message", containsString(param.replaceAll("\\[.*", "")))
                .body("error.code", status == 404 ? equalTo("model_not_found") : nullValue())
                .body("field", nullValue());
    }

    @Test
    void tooManyAndTooLongTextsAre413AsForEncodeText() {
        given().contentType(ContentType.JSON)
                .body(Map.of("input", Collections.nCopies(257, "t")))
                .post("/v1/embeddings")
                .then()
                .statusCode(413)
                .body("error.param", equalTo("input"))
                .body("error.message", containsString("256"))
                .body("error.type", equalTo("invalid_request_error"));
        given().contentType(ContentType.JSON)
                .body(Map.of("input", List.of("ok", "x".repeat(100_001))))
                .post("/v1/embeddings")
                .then()
                .statusCode(413)
                .body("error.param", equalTo("input[1]"))
                .body("error.message", containsString("100000"));
    }

    @Test
    void bodiesMethodsAndPathsTheFrameworkRefusesAreInOpenAisShapeToo() {
        given().contentType(ContentType.JSON)
                .body("{\"input\": [\"ok\"")
                .post("/v1/embeddings")
                .then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("input"));
        given().contentType(ContentType.JSON)
                .body("{\"input\": \"ok\"} trailing")
                .post("/v1/embeddings")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("body"));
        given().contentType(ContentType.JSON)
                .post("/v1/embeddings")
                .then()
                .statusCode(400)
                .body("error.param", equalTo("body"));
        given().contentType(ContentType.TEXT)
                .body("hello")
                .post("/v1/embeddings")
                .then()
                .statusCode(415)
                .body("error.param", equalTo("Content-Type"));
        given().get("/v1/embeddings").then().statusCode(405).body("error.param", equalTo("method"));
        given().get("/v1/models/a/b").then().statusCode(404).body("error.param", equalTo("path"));
        // the house shape stays on the other /v1 paths
        given().contentType(ContentType.JSON)
                .body("{\"text\": 5}")
                .post("/v1/analyze")
                .then()
                .statusCode(400)
                .body("field", equalTo("text"))
                .body("error", containsString("text"));
    }

    @Inject
    ObjectMapper mapper;

    /** The mapper Funqy and the REST endpoints write with has the fast float writer (http.FastFloatJson). */
    @Test
    void answersAreWrittenWithTheFastFloatWriter() {
        assertTrue(mapper.getFactory().isEnabled(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER));
    }

    /**
     * Java's HttpClient (LangChain4j's default) asks to upgrade plain-text HTTP to h2c on every request.
     * The upgrade is taken, and the body that came with the upgrade request is still read and answered.
     */
    @Test
    void aPostThatAsksForAnH2cUpgradeIsServed() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(embeddings)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"upgrade me\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        JsonNode data = mapper.readTree(response.body()).path("data");
        assertEquals(384, data.path(0).path("embedding").size(), response.body());
    }

    private static Response encodeText(List<String> texts, String model) {
        return given().contentType(ContentType.JSON)
                .body(model == null ? Map.of("texts", texts) : Map.of("texts", texts, "model", model))
                .post("/encode-text")
                .then()
                .statusCode(200)
                .extract()
                .response();
    }
}
