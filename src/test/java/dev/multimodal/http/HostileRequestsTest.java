package dev.multimodal.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Requests a hostile or careless client sends, each once found to give a 500, a hang or a wrong
 * status: every one now gets the 4xx its protocol implies, as JSON naming the field, at once.
 */
@QuarkusTest
class HostileRequestsTest {

    private static final String TEXTS = "{\"texts\":[\"hello\"]}";

    private static RequestSpecification binary(String contentType) {
        return binary(contentType, "1.0");
    }

    private static RequestSpecification binary(String contentType, String specversion) {
        return given().contentType(contentType)
                .header("ce-specversion", specversion)
                .header("ce-id", "h-1")
                .header("ce-source", "test")
                .header("ce-type", "dev.multimodal.text.encode.requested");
    }

    @Test
    void emptyBodiesAre400AtOnceOnEveryEndpoint() {
        for (String path : new String[] {"/encode-text", "/v1/analyze", "/v2/models/all-minilm-l6-v2-q/infer"}) {
            given().contentType(ContentType.JSON)
                    .body("")
                    .post(path)
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("body"));
        }
        given().contentType(ContentType.JSON)
                .body("   \n ")
                .post("/encode-text")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"));
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        given().get("/encode-text")
                .then()
                .statusCode(405)
                .header("Allow", "POST")
                .body("field", equalTo("method"))
                .body("error", not(containsString("Buffer")));
        given().get("/v1/analyze").then().statusCode(405).contentType(ContentType.JSON);
    }

    @Test
    void binaryEventsWithNonJsonDataAre415() {
        for (String type : new String[] {"text/plain", "application/octet-stream", "application/xml"}) {
            binary(type)
                    .body(TEXTS.getBytes(StandardCharsets.UTF_8))
                    .post("/")
                    .then()
                    .statusCode(415)
                    .body("field", equalTo("Content-Type"));
        }
    }

    @Test
    void aBinaryEventsContentTypeIsReadAsHttpDefinesItNeverA500() throws Exception {
        // found by CloudEventCheckFuzzTest: ";;;".split(";") is an empty array, and reading its first
        // element threw; the check now reads the header without split
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (String type : new String[] {";;;", ";", " ; charset=utf-8", "Application/JSON", "text/json"}) {
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/"))
                    .header("Content-Type", type)
                    .header("ce-specversion", "1.0")
                    .header("ce-id", "h-2")
                    .header("ce-source", "test")
                    .header("ce-type", "dev.multimodal.text.encode.requested")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(TEXTS))
                    .build();
            java.net.http.HttpResponse<String> response =
                    client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            // a JSON type Funqy would not have read (it wants "application/json" exactly) is read;
            // a header with no type at all is a 415
            int expected = type.toLowerCase(java.util.Locale.ROOT).contains("json") ? 200 : 415;
            org.junit.jupiter.api.Assertions.assertEquals(
                    expected, response.statusCode(), "'" + type + "': " + response.body());
        }
    }

    @Test
    void binaryEventsWithAnUnknownSpecversionOrWithoutIdAre400() {
        binary("application/json", "9.9")
                .body(TEXTS)
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("ce-specversion"));
        given().contentType(ContentType.JSON)
                .header("ce-specversion", "1.0")
                .header("ce-source", "test")
                .header("ce-type", "dev.multimodal.text.encode.requested")
                .body(TEXTS)
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("ce-id"));
    }

    private static String structured(String extra) {
        return "{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"test\","
                + "\"type\":\"dev.multimodal.text.encode.requested\"" + extra + "}";
    }

    @Test
    void structuredEventsThatAreBatchesOrLackDataOrAreNotJsonAreRefused() {
        RestAssured.given()
                .contentType("application/cloudevents+json")
                .body("[" + structured(",\"data\":" + TEXTS) + "]")
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"));
        given().contentType("application/cloudevents-batch+json")
                .body("[" + structured(",\"data\":" + TEXTS) + "]")
                .post("/")
                .then()
                .statusCode(415);
        given().contentType("application/cloudevents+json")
                .body(structured(""))
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("data"));
        given().contentType("application/cloudevents+json")
                .body(structured(",\"datacontenttype\":\"application/xml\",\"data\":\"<a/>\""))
                .post("/")
                .then()
                .statusCode(415)
                .body("field", equalTo("datacontenttype"));
        given().contentType("application/cloudevents+json")
                .body(structured(",\"data\":" + TEXTS).replace("\"1.0\"", "\"9.9\""))
                .post("/")
                .then()
                .statusCode(400)
                .body("field", equalTo("specversion"));
    }

    @Test
    void dataBase64HoldingJsonIsAccepted() {
        String data = Base64.getEncoder().encodeToString(TEXTS.getBytes(StandardCharsets.UTF_8));
        given().contentType("application/cloudevents+json")
                .body(structured(",\"data_base64\":\"" + data + "\""))
                .post("/")
                .then()
                .statusCode(200)
                .body("data.embeddings[0].vector.size()", equalTo(384));
        given().contentType("application/cloudevents+json")
                .body(structured(",\"data_base64\":\"bm90IGpzb24=\""))
                .post("/")
                .then()
                .statusCode(415)
                .body("field", equalTo("data_base64"));
    }

    @Test
    void strictJsonRefusesTrailingGarbageDuplicateKeysAndQuotedNumbers() {
        given().contentType(ContentType.JSON)
                .body(TEXTS + " garbage")
                .post("/encode-text")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"texts\":[\"a\"],\"texts\":[\"b\"]}")
                .post("/encode-text")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"parts\":[{\"vector\":[1,0],\"space\":\"s\",\"weight\":\"2\"}]}")
                .post("/fuse")
                .then()
                .statusCode(400)
                .body("field", equalTo("parts[0].weight"));
    }

    @Test
    void theGatewayNamesTheFieldOfAWrongType() {
        given().contentType(ContentType.JSON)
                .body("{\"text\":42}")
                .post("/v1/analyze")
                .then()
                .statusCode(400)
                .body("field", equalTo("text"))
                .body("error", notNullValue());
        given().contentType(ContentType.JSON)
                .body("{\"image\":\"x\",\"captions\":[null]}")
                .post("/v1/analyze")
                .then()
                .statusCode(400)
                .body("error", notNullValue());
    }

    @Test
    void unknownV2PathsAnswerJson() {
        given().get("/v2/models/no-such-model")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", notNullValue());
        given().get("/v2/nothing/here").then().statusCode(404).contentType(ContentType.JSON);
    }

    @Test
    void aZeroFusedVectorIsNotReportedAsNormalized() {
        given().contentType(ContentType.JSON)
                .body("{\"parts\":[{\"vector\":[1,0],\"space\":\"s\"}," + "{\"vector\":[-1,0],\"space\":\"s\"}]}")
                .post("/fuse")
                .then()
                .statusCode(200)
                .body("normalized", equalTo(false));
    }

    @Test
    void anImageOverFifteenMegabytesIsReadNotRefusedAsBadJson() throws Exception {
        // over 16 MB of PNG: white pixels of random transparency (incompressible alpha, which decodes to plain
        // white, so OCR finds nothing and answers fast); as base64 it is over Jackson's default
        // 20-million-character string limit
        BufferedImage noise = new BufferedImage(3300, 3300, BufferedImage.TYPE_INT_ARGB);
        int[] pixels = ((java.awt.image.DataBufferInt) noise.getRaster().getDataBuffer()).getData();
        Random random = new Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (random.nextInt(256) << 24) | 0xFFFFFF;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(noise, "png", png);
        org.junit.jupiter.api.Assertions.assertTrue(
                png.size() > 15_000_000 && png.size() < 20_000_000, "the PNG holds " + png.size() + " bytes");
        String body = "{\"image\":\"" + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"}";
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/read-text")
                .then()
                .statusCode(200)
                .body("width", equalTo(3300));
    }

    @Test
    void aFormWithTooManyFieldsOrAnOversizedFieldIs413NamingTheLimit() {
        RequestSpecification many = given().multiPart("image", "receipt.png", new byte[] {1, 2, 3}, "image/png");
        for (int i = 0; i < 330; i++) {
            many = many.multiPart("captions", "caption " + i);
        }
        // Vert.x's form limit (quarkus.http.limits.max-form-fields) or, past it, the captions limit the
        // gateway checks before running the chain: a 413 naming its setting either way
        many.post("/v1/analyze")
                .then()
                .statusCode(413)
                .body(
                        "error",
                        org.hamcrest.Matchers.anyOf(
                                containsString("max-form-fields"), containsString("mmf.scoring.max-captions")));
        // a document field of 100,000 characters (mmf.scoring.max-document-chars) fits the form limits
        given().multiPart("image", "receipt.png", new byte[] {1, 2, 3}, "image/png")
                .multiPart("document", "word ".repeat(20_000))
                .multiPart("summaries", "a summary")
                .post("/v1/analyze")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(415)))
                .body("field", equalTo("image"));
        // past quarkus.http.limits.max-form-attribute-size Vert.x refuses the form (a 413 naming the setting)
        // or drops the field (then the bad image is refused); never "the request body is empty"
        given().multiPart("image", "receipt.png", new byte[] {1, 2, 3}, "image/png")
                .multiPart("document", "x".repeat(600 * 1024))
                .post("/v1/analyze")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(413), equalTo(400)))
                .body("error", not(containsString("empty")))
                .body(
                        "error",
                        org.hamcrest.Matchers.anyOf(
                                containsString("max-form-attribute-size"), containsString("image")));
    }
}
