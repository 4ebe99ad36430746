package dev.multimodal.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Export.ReadText.class)
class ReadTextOnLambdaTest {

    static final String RECEIPT = "Corner Bakery\n2 croissants 5.40\nTotal 5.40 EUR";

    @Test
    void theSampleReceiptIsRead() {
        MockLambda.Invocation answer = MockLambda.invoke(MockLambda.sample("read-text"));

        assertEquals(200, answer.status(), () -> "function error: " + answer.body());
        assertEquals(RECEIPT, answer.body().get("text").asText());
        assertEquals("pp-ocrv4", answer.body().get("model").asText());
    }

    @Test
    void anImageThatIsNotOneIsRefusedByField() {
        MockLambda.Invocation answer = MockLambda.invoke("{\"image\": \"bm90IGFuIGltYWdl\"}");

        assertEquals(200, answer.status());
        assertEquals("image", answer.body().get("field").asText());
        int status = answer.body().get("status").asInt();
        assertEquals(4, status / 100, "a 4xx: " + answer.body());
    }
}
