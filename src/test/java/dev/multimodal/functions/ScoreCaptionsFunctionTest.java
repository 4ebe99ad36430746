package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multimodal.image.RenderedText;
import dev.multimodal.image.RenderedText.Line;
import dev.multimodal.util.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** score-captions with the default models (ocr-text): the caption that says what the image's text says wins. */
@QuarkusTest
class ScoreCaptionsFunctionTest {

    private static final List<String> DISTRACTORS = List.of(
            "a restaurant menu with pizza prices",
            "a train timetable for the morning",
            "a birthday card for grandmother");

    private static String png(List<String> lines, Font font, Color ink, Color paper) throws IOException {
        return Base64.getEncoder()
                .encodeToString(TestImages.encode(
                        RenderedText.render(lines.stream().map(Line::of).toList(), font, ink, paper)
                                .image(),
                        "png"));
    }

    @Test
    void theSampleReceiptPicksTheBakeryCaption() {
        given().contentType(ContentType.JSON)
                .body(Samples.text("score-captions", "request.json"))
                .post("/score-captions")
                .then()
                .statusCode(200)
                .body("model", equalTo("ocr-text"))
                .body("space", equalTo("all-minilm-l6-v2-q"))
                .body("logitScale", equalTo(100.0f))
                .body("text", equalTo(String.join("\n", SampleImages.RECEIPT)))
                .body("captions", hasSize(4))
                .body("captions[0].caption", equalTo("a bakery receipt for two croissants"))
                .body("captions[0].index", equalTo(1))
                .body("captions[0].rank", equalTo(1))
                .body("captions[3].rank", equalTo(4));
    }

    @Test
    void aParkingSignPicksTheParkingCaption() throws IOException {
        String sign = png(
                List.of("PARKING FULL"), new Font(Font.SANS_SERIF, Font.BOLD, 48), Color.WHITE, new Color(20, 60, 160));
        List<String> captions = new java.util.ArrayList<>(DISTRACTORS);
        captions.add(1, "a sign saying the car park is full");
        captions.add("a bakery receipt for two croissants");
        given().contentType(ContentType.JSON)
                .body(Map.of("image", sign, "captions", captions))
                .post("/score-captions")
                .then()
                .statusCode(200)
                .body("text", equalTo("PARKING FULL"))
                .body("captions[0].caption", equalTo("a sign saying the car park is full"));
    }

    @Test
    void labelsGoIntoTheTemplate() throws IOException {
        String menu = png(
                List.of("Pizza Margherita 8.50", "Pizza Funghi 9.00", "Tiramisu 5.00"),
                new Font(Font.SERIF, Font.PLAIN, 28),
                Color.BLACK,
                Color.WHITE);
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "image",
                        menu,
                        "labels",
                        List.of("train timetable", "pizza menu", "parking sign"),
                        "template",
                        "a photo of a {}"))
                .post("/score-captions")
                .then()
                .statusCode(200)
                .body("captions[0].caption", equalTo("a photo of a pizza menu"))
                .body("captions[0].index", equalTo(1));
    }

    @Test
    void bothCloudEventModesAreAnswered() {
        JsonNode binary = Samples.json("score-captions", "event-binary.json");
        Samples.binaryEvent(binary.get("headers"))
                .body(binary.get("data").toString())
                .post("/")
                .then()
                .statusCode(200)
                .header("ce-type", "dev.multimodal.captions.scored")
                .header("ce-source", "score-captions")
                .body("captions[0].caption", equalTo("a photo of a bakery receipt"));
        JsonNode structured = Samples.json("score-captions", "event-structured.json");
        given().contentType("application/cloudevents+json")
                .body(structured.toString())
                .post("/")
                .then()
                .statusCode(200)
                .body("type", equalTo("dev.multimodal.captions.scored"))
                .body("data.captions[0].caption", equalTo("a bakery receipt for two croissants"));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"captions\": [\"a\"]}                                           | 400 | image",
                "{\"image\": \"IMG\"}                                               | 400 | captions",
                "{\"image\": \"IMG\", \"captions\": [\"a\"], \"labels\": [\"b\"]}   | 400 | captions",
                "{\"image\": \"IMG\", \"captions\": []}                             | 400 | captions",
                "{\"image\": \"IMG\", \"captions\": [\"a\", \" \"]}                 | 400 | captions[1]",
                "{\"image\": \"IMG\", \"labels\": [\"cat\"], \"template\": \"cat\"} | 400 | template",
                "{\"image\": \"IMG\", \"captions\": [\"a\"], \"template\": \"{}\"}  | 400 | template",
                "{\"image\": \"IMG\", \"captions\": [\"a\"], \"model\": \"nope\"}   | 422 | model",
                "{\"image\": \"bm90IGFuIGltYWdl\", \"captions\": [\"a\"]}           | 415 | image",
            })
    void badInputGetsA4xxThatNamesTheField(String body, int status, String field) throws IOException {
        String image = png(List.of("ok"), new Font(Font.SANS_SERIF, Font.PLAIN, 20), Color.BLACK, Color.WHITE);
        given().contentType(ContentType.JSON)
                .body(body.replace("IMG", image))
                .post("/score-captions")
                .then()
                .statusCode(status)
                .body("field", equalTo(field));
    }

    @Test
    void tooManyCaptionsAre413() throws IOException {
        String image = png(List.of("ok"), new Font(Font.SANS_SERIF, Font.PLAIN, 20), Color.BLACK, Color.WHITE);
        given().contentType(ContentType.JSON)
                .body(Map.of("image", image, "captions", java.util.Collections.nCopies(257, "a caption")))
                .post("/score-captions")
                .then()
                .statusCode(413)
                .body("field", equalTo("captions"));
    }
}
