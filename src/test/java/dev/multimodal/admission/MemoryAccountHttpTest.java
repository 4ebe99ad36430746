package dev.multimodal.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.multimodal.runtime.MemoryAccount;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process's memory account through the HTTP path (issue 26): with the heap all but reserved, so
 * that the work in flight may hold 1 MiB, a request whose body, pixels or characters cost more is
 * still served alone, because its body's admission and its later ones name the same owner; and it is
 * refused with 503 as soon as another request holds anything. Were the owner lost between the body
 * and the pixels (or the characters, admitted on a worker thread), the lone request would be refused
 * beside its own body.
 */
@QuarkusTest
@TestProfile(MemoryAccountHttpTest.TextAndOcr.class)
class MemoryAccountHttpTest {

    public static class TextAndOcr implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mmf.models.include", "pp-ocrv4,all-minilm-l6-v2-q");
        }
    }

    private final MemoryAccount account = MemoryAccount.ofThisProcess();
    private MemoryAccount.Reservation allButOneMib;

    @BeforeEach
    void leaveOneMib() {
        allButOneMib = account.reserve(Runtime.getRuntime().maxMemory() - (1 << 20));
    }

    @AfterEach
    void giveItBack() {
        allButOneMib.close();
    }

    @Test
    void aRequestAloneIsServedPastTheAccountAndRefusedBesideAnother() throws Exception {
        // 330 × 243 pixels: 5 MB at 64 bytes each, beside its own 27 KB of body
        String receipt = Files.readString(Path.of("functions/read-text/request.json"));
        given().contentType(ContentType.JSON)
                .body(receipt)
                .post("/read-text")
                .then()
                .statusCode(200)
                .body(containsString("Total 5.40 EUR"));
        Object other = new Object();
        account.tryAcquire(1, other);
        try {
            given().contentType(ContentType.JSON)
                    .body(receipt)
                    .post("/read-text")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body(containsString("mmf.image.max-pixels-in-flight"))
                    .body(containsString("this process gives to work in flight"));
        } finally {
            account.release(1, other);
        }
    }

    @Test
    void textAdmittedOnAWorkerThreadCountsAsItsRequests() {
        // 100,000 characters: 1.6 MB at 16 bytes each, beside its own 100 KB of body
        String text =
                "the quarterly meeting moved to the river room ".repeat(2200).substring(0, 100_000);
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"" + text + "\"], \"overflow\": \"average\"}")
                .post("/encode-text")
                .then()
                .statusCode(200);
    }
}
