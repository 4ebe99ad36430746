package dev.multimodal.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bodies are admitted by their Content-Length before a byte of them is read (issue 26): with one
 * large body being received, a second that does not fit beside it gets its 503 from its headers
 * alone. Before, Funqy's body handler (installed in front of every route) read each body whole first,
 * so eight 25 MB bodies at once filled a 256 MiB heap (OutOfMemoryError on the event loop) under
 * bench/hostile's 1 GiB profile, and here the second request would wait for a body never sent.
 */
@QuarkusTest
@TestProfile(BodyAdmissionTest.SmallBodyBudget.class)
class BodyAdmissionTest {

    public static class SmallBodyBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mmf.http.max-body-bytes-in-flight", "1000000",
                    "mmf.models.include", "all-minilm-l6-v2-q");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void aBodyThatDoesNotFitIsRefusedFromItsHeadersBeforeAnyOfItIsRead() throws Exception {
        String headers = "POST /encode-text HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 800000\r\n\r\n";
        try (Socket first = new Socket(root.getHost(), root.getPort());
                Socket second = new Socket(root.getHost(), root.getPort())) {
            first.getOutputStream().write((headers + "{\"texts\": [\"").getBytes(StandardCharsets.US_ASCII));
            first.getOutputStream().flush();
            Thread.sleep(500); // the first is admitted and its body is being received
            second.setSoTimeout(10_000);
            second.getOutputStream().write(headers.getBytes(StandardCharsets.US_ASCII)); // and no body at all
            second.getOutputStream().flush();
            String answer;
            try {
                answer = head(second.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer without the body: it was being read before admission", e);
            }
            assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
            assertTrue(answer.contains("Retry-After"), answer);
            assertTrue(answer.contains("mmf.http.max-body-bytes-in-flight"), answer);
        }
        // the first connection has gone: its bytes are given back, and a small body is served again
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"admitted again\"]}")
                .post("/encode-text")
                .then()
                .statusCode(200);
    }

    /** The status line, headers and as much of the body as has come. */
    private static String head(InputStream in) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) > 0) {
            seen.write(chunk, 0, n);
            if (seen.toString(StandardCharsets.US_ASCII).contains("}")) {
                break;
            }
        }
        return seen.toString(StandardCharsets.US_ASCII);
    }
}
