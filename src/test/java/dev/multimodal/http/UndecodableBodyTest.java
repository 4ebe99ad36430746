package dev.multimodal.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * A body whose first bytes make Jackson's encoding detection take it for UTF-32 and that then is
 * not: Jackson throws CharConversionException, an IOException rather than a JSON error, which
 * answered 500 on the function routes and /v1/analyze. Found by RequestBindingFuzzTest; the input
 * is its crash file.
 */
@QuarkusTest
class UndecodableBodyTest {

    @Test
    void aBodyInNoUnicodeEncodingIs400() throws IOException {
        byte[] body;
        try (InputStream in = getClass()
                .getResourceAsStream("/dev/multimodal/api/RequestBindingFuzzTestInputs/bind/crash-utf32-lookalike")) {
            byte[] all = in.readAllBytes();
            body = java.util.Arrays.copyOf(all, all.length - 1); // the last byte picked the record
        }
        for (String path : new String[] {"/encode-text", "/v1/analyze", "/v2/models/all-minilm-l6-v2-q/infer"}) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post(path)
                    .then()
                    .statusCode(400)
                    .contentType(ContentType.JSON)
                    .body("field", equalTo("body"));
        }
    }
}
