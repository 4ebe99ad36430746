package dev.multimodal.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multimodal.models.ManifestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model whose weights fail their checksum: refused, named, readiness DOWN, liveness UP. */
@QuarkusTest
@TestProfile(BrokenModelTest.OneBadModel.class)
class BrokenModelTest {

    public static class OneBadModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path root = Files.createTempDirectory("mmf-broken");
                ManifestFixtures.model(root, "good", m -> {});
                ManifestFixtures.model(
                        root, "bad-sha", m -> ((ObjectNode) m.withArray("files").get(0)).put("sha256", "1".repeat(64)));
                return Map.of("mmf.models.dir", root.toString(), "mmf.text.default-model", "good");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void readinessIsDownAndSaysWhichModelFieldAndFix() {
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'models' }.data.good", equalTo("READY on cpu"))
                .body(
                        "checks.find { it.name == 'models' }.data.bad-sha",
                        allOf(
                                containsString("FAILED"),
                                containsString("model 'bad-sha'"),
                                containsString("files[0].sha256"),
                                containsString("Fix:")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theGoodModelStillServesAndTheBadOneIsNamed() {
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"hello\"]}")
                .post("/encode-text")
                .then()
                .statusCode(200)
                .body("model", equalTo("good"));
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"hello\"], \"model\": \"bad-sha\"}")
                .post("/encode-text")
                .then()
                .statusCode(422)
                .body("field", equalTo("model"))
                .body("error", containsString("failed to load"));
    }
}
