package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class FuseFunctionTest {

    @Test
    void theSampleRequestFusesTextsAndAVector() {
        given().contentType(ContentType.JSON)
                .body(Samples.text("fuse", "request.json"))
                .post("/fuse")
                .then()
                .statusCode(200)
                .body("dimension", equalTo(384))
                .body("vector", hasSize(384))
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .body("strategy", equalTo("weighted-average"))
                .body("normalized", equalTo(true))
                .body("textModel", equalTo("all-minilm-l6-v2-q@1.0.0"));
    }

    @Test
    void vectorsAreFusedAsWorkedOutByHand() {
        String body = """
                {"strategy": "weighted-average", "normalize": false, "parts": [
                  {"vector": [1, 2, 3], "space": "s"},
                  {"vector": [3, 0, -1], "space": "s"},
                  {"vector": [2, 5, 0], "space": "s", "weight": 2}]}""";
        List<Float> vector = given().contentType(ContentType.JSON)
                .body(body)
                .post("/fuse")
                .then()
                .statusCode(200)
                .body("space", equalTo("s"))
                .extract()
                .path("vector");
        assertEquals(List.of(2.0f, 3.0f, 0.5f), vector);
    }

    @Test
    void aSingleTextPartIsItsEncodeTextVector() {
        List<Float> fused = given().contentType(ContentType.JSON)
                .body("{\"parts\": [{\"text\": \"a lighthouse at dusk\"}]}")
                .post("/fuse")
                .then()
                .statusCode(200)
                .extract()
                .path("vector");
        List<Float> encoded = given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"a lighthouse at dusk\"]}")
                .post("/encode-text")
                .then()
                .statusCode(200)
                .extract()
                .path("embeddings[0].vector");
        double dot = 0;
        for (int i = 0; i < fused.size(); i++) {
            dot += fused.get(i) * encoded.get(i);
        }
        assertEquals(1.0, dot, 1e-4);
    }

    @Test
    void structuredEventAttendsAndRepliesWithTheWeights() {
        JsonNode sample = Samples.json("fuse", "event-structured.json");
        given().contentType("application/cloudevents+json")
                .body(sample.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo("dev.multimodal.fused"))
                .body("source", equalTo("fuse"))
                .body("data.strategy", equalTo("attention"))
                .body("data.attentionWeights", hasSize(2))
                .body("data.space", equalTo("toy"));
    }

    @Test
    void binaryEventFusesTexts() {
        JsonNode sample = Samples.json("fuse", "event-binary.json");
        var request = Samples.binaryEvent(sample.get("headers"));
        request.body(sample.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-type", "dev.multimodal.fused")
                .body("strategy", equalTo("max"))
                .body("vector", hasSize(384));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                                                              | 400 | parts",
                "{\"parts\": []}                                                                 | 422 | parts",
                "{\"parts\": [{\"vector\": [1], \"space\": \"s\", \"text\": \"t\"}]}             | 400 | parts[0]",
                "{\"parts\": [{\"vector\": [1, 2]}]}                                             | 400 | parts[0].space",
                "{\"parts\": [{\"text\": \" \"}]}                                                 | 400 | parts[0].text",
                "{\"parts\": [{\"image\": \"iVBORw0KGgo=\"}]}                                    | 400 | parts[0].image",
                "{\"parts\": [{\"image\": \"iVBORw0KGgo=\", \"text\": \"t\"}]}                    | 400 | parts[0]",
                "{\"strategy\": \"learned\", \"parts\": [{\"vector\": [1], \"space\": \"s\"}]}        | 400 | head",
                "{\"strategy\": \"learned\", \"head\": \"none\", \"parts\": [{\"vector\": [1], \"space\": \"s\"}]} | 422 | model",
                "{\"parts\": [{\"vector\": [1, \"x\"], \"space\": \"s\"}]}                       | 400 | parts[0].vector[1]",
                "{\"strategy\": \"mean\", \"parts\": [{\"vector\": [1], \"space\": \"s\"}]}      | 400 | strategy",
                "{\"parts\": [{\"vector\": [1, 2], \"space\": \"s\"}, {\"vector\": [1], \"space\": \"s\"}]} | 422 | parts",
                "{\"parts\": [{\"vector\": [1], \"space\": \"a\"}, {\"vector\": [1], \"space\": \"b\"}]}   | 422 | parts",
                "{\"strategy\": \"attention\", \"parts\": [{\"vector\": [1], \"space\": \"s\"}]}  | 422 | parts",
                "{\"parts\": [{\"vector\": [1], \"space\": \"s\", \"weight\": -1}]}              | 422 | parts[0].weight",
            })
    void badInputGetsA4xxThatNamesTheField(String body, int status, String field) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/fuse")
                .then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("field", equalTo(field));
    }

    @Test
    void mixedSpacesNameThePartsAndCanBeAllowed() {
        String parts = "[{\"vector\": [1, 0], \"space\": \"a\"}, {\"vector\": [0, 1], \"space\": \"b\"}]";
        given().contentType(ContentType.JSON)
                .body("{\"parts\": " + parts + "}")
                .post("/fuse")
                .then()
                .statusCode(422)
                .body("error", containsString("parts[1] in b"));
        given().contentType(ContentType.JSON)
                .body("{\"allowMixedSpaces\": true, \"parts\": " + parts + "}")
                .post("/fuse")
                .then()
                .statusCode(200)
                .body("space", equalTo("fused:weighted-average"));
    }

    @Test
    void anImagePartIsEncodedWithTheDefaultImageModelInTheTextModelsSpace() {
        String receipt = Samples.json("read-text", "request.json").get("image").asText();
        List<Float> fused = given().contentType(ContentType.JSON)
                .body(java.util.Map.of(
                        "parts",
                        List.of(java.util.Map.of("image", receipt), java.util.Map.of("text", "a bakery receipt"))))
                .post("/fuse")
                .then()
                .statusCode(200)
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .body("vector", hasSize(384))
                .extract()
                .path("vector");
        List<Float> alone = given().contentType(ContentType.JSON)
                .body(java.util.Map.of("parts", List.of(java.util.Map.of("text", "a bakery receipt"))))
                .post("/fuse")
                .then()
                .statusCode(200)
                .extract()
                .path("vector");
        double cosine = ImageFunctionsTest.cosine(fused, alone);
        org.junit.jupiter.api.Assertions.assertTrue(
                cosine < 0.99 && cosine > 0.3, "the image moved the vector: " + cosine);
    }
}
