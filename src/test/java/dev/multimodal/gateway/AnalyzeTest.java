package dev.multimodal.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /v1/analyze in-process: the whole chain in one request, as JSON and as a multipart form. */
@QuarkusTest
class AnalyzeTest {

    static final String RECEIPT = "Corner Bakery\n2 croissants 5.40\nTotal 5.40 EUR";

    @Test
    void aJsonRequestRunsEveryStepAndReturnsEachResultWithItsTime() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Files.readString(Path.of("functions/analyze-image/request.json")))
                .post("/v1/analyze")
                .then()
                .statusCode(200)
                .body(
                        "steps.function",
                        equalTo(java.util.List.of("analyze-image", "analyze-text", "analyze-fuse", "analyze-score")))
                .body("steps.where", everyItem(equalTo("in-process")))
                .body("steps.ms", everyItem(greaterThan(0f)))
                .body("result.imageVector.text", equalTo(RECEIPT))
                .body("result.textVector.space", equalTo("all-minilm-l6-v2-q"))
                .body("result.fused.vector", hasSize(384))
                .body("result.captionScores[0].caption", equalTo("a bakery receipt for two croissants"))
                .body("result.timings.size()", equalTo(4))
                .body("correlationId", notNullValue());
    }

    @Test
    void aMultipartFormWithTheImageFileWorksTheSame() {
        given().multiPart("image", new File("functions/read-text/receipt.png"), "image/png")
                .multiPart("captions", "a train timetable")
                .multiPart("captions", "a bakery receipt for two croissants")
                .multiPart("document", "The corner bakery sold two croissants for 5.40 euros in total.")
                .multiPart("summaries", "A football match ended in a draw.")
                .multiPart("summaries", "Two croissants were sold at the bakery for 5.40 euros.")
                .post("/v1/analyze")
                .then()
                .statusCode(200)
                .body("result.imageVector.text", equalTo(RECEIPT))
                .body("result.captionScores[0].index", equalTo(1))
                .body("result.summaryScores.summaries[0].index", equalTo(1));
    }

    @Test
    void badInputNamesTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("captions", java.util.List.of("x")))
                .post("/v1/analyze")
                .then()
                .statusCode(400)
                .body("field", equalTo("image"));
        given().multiPart("text", "no file")
                .post("/v1/analyze")
                .then()
                .statusCode(400)
                .body("field", equalTo("image"));
        given().contentType(ContentType.JSON)
                .body(Map.of("image", "bm90IGFuIGltYWdl", "captions", java.util.List.of("x")))
                .post("/v1/analyze")
                .then()
                .statusCode(415)
                .body("field", equalTo("image"));
    }
}
