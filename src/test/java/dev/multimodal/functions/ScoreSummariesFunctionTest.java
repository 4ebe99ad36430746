package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.util.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class ScoreSummariesFunctionTest {

    @Test
    void theSampleRanksTheFaithfulSummaryFirst() {
        given().contentType(ContentType.JSON)
                .body(Samples.text("score-summaries", "request.json"))
                .post("/score-summaries")
                .then()
                .statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2-q"))
                .body("windows", greaterThan(4))
                .body("summaries", hasSize(4))
                .body("summaries[0].index", equalTo(0))
                .body("summaries[0].rank", equalTo(1))
                .body("summaries[0].sentences", hasSize(3))
                .body("summaries.find { it.index == 2 }.sentences[0].unsupported", equalTo(List.of("7.9")));
    }

    @Test
    void aDocumentOfAHundredThousandCharactersIsScored() {
        String paragraph =
                "The harbour of Tarn will get a new lighthouse next year, and the old tower becomes a museum. ";
        String document = paragraph.repeat(100_000 / paragraph.length());
        given().contentType(ContentType.JSON)
                .body(Map.of("document", document, "summaries", List.of("Tarn gets a new lighthouse.", "Bread rises.")))
                .post("/score-summaries")
                .then()
                .statusCode(200)
                .body("windows", greaterThan(1024))
                .body("summaries[0].index", equalTo(0));
    }

    @Test
    void eventsInBothModesAreScored() {
        JsonNode binary = Samples.json("score-summaries", "event-binary.json");
        var request = Samples.binaryEvent(binary.get("headers"));
        request.body(binary.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-type", "dev.multimodal.summaries.scored")
                .body("summaries[0].index", equalTo(1));
        JsonNode structured = Samples.json("score-summaries", "event-structured.json");
        given().contentType("application/cloudevents+json")
                .body(structured.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo("dev.multimodal.summaries.scored"))
                .body("data.summaries[0].index", equalTo(1));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"summaries\": [\"s\"]}                                      | 400 | document",
                "{\"document\": \" \", \"summaries\": [\"s\"]}                  | 400 | document",
                "{\"document\": \"d\"}                                          | 400 | summaries",
                "{\"document\": \"d\", \"summaries\": []}                       | 400 | summaries",
                "{\"document\": \"d\", \"summaries\": [\"s\", \"\"]}            | 400 | summaries[1]",
                "{\"document\": \"d\", \"summaries\": [\"s\", 3]}               | 400 | summaries[1]",
                "{\"document\": \"d\", \"summaries\": \"s\"}                    | 400 | summaries",
                "{\"documentImage\": \"iVBORw0KGgo=\", \"summaries\": [\"s\"]}  | 400 | documentImage",
                "{\"documentImage\": \"iVBORw0KGgo=\", \"document\": \"d\", \"summaries\": [\"s\"]} | 400 | documentImage",
            })
    void badInputGetsA4xxThatNamesTheField(String body, int status, String field) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/score-summaries")
                .then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("field", equalTo(field));
    }

    @Test
    void limitsAreNamed() {
        given().contentType(ContentType.JSON)
                .body(Map.of("document", "x".repeat(100_001), "summaries", List.of("s")))
                .post("/score-summaries")
                .then()
                .statusCode(413)
                .body("field", equalTo("document"));
        given().contentType(ContentType.JSON)
                .body(Map.of("document", "d", "summaries", Collections.nCopies(33, "s")))
                .post("/score-summaries")
                .then()
                .statusCode(413)
                .body("field", equalTo("summaries"));
    }

    @Test
    void aDocumentSentAsAnImageIsReadByOcrAndScored() throws Exception {
        java.awt.image.BufferedImage page = dev.multimodal.image.RenderedText.render(
                        java.util.List.of(
                                dev.multimodal.image.RenderedText.Line.of(
                                        "The city library will open a new branch in Millbrook next spring."),
                                dev.multimodal.image.RenderedText.Line.of(
                                        "It will hold 40,000 books and a reading room for children."),
                                dev.multimodal.image.RenderedText.Line.of(
                                        "The council approved a budget of 2.5 million euros."),
                                dev.multimodal.image.RenderedText.Line.of("Construction starts in March.")),
                        new java.awt.Font(java.awt.Font.SERIF, java.awt.Font.PLAIN, 24),
                        java.awt.Color.BLACK,
                        java.awt.Color.WHITE)
                .image();
        String image = java.util.Base64.getEncoder().encodeToString(TestImages.encode(page, "png"));
        given().contentType(ContentType.JSON)
                .body(
                        java.util.Map.of(
                                "documentImage",
                                image,
                                "summaries",
                                java.util.List.of(
                                        "The football club signed two new players before the season started.",
                                        "Millbrook gets a new library branch next spring with 40,000 books, for 2.5 million euros.")))
                .post("/score-summaries")
                .then()
                .statusCode(200)
                .body("documentText", org.hamcrest.Matchers.startsWith("The city library will open a new branch"))
                .body("summaries[0].index", equalTo(1))
                .body("summaries[0].rank", equalTo(1));
    }
}
