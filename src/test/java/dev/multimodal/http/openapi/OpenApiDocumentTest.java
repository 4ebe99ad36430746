package dev.multimodal.http.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.multimodal.api.FusionStrategy;
import dev.multimodal.service.ChainStep;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The published contract: every Funqy function in /q/openapi with its schemas, limits, example,
 * errors and CloudEvent types, and every committed functions/&lt;name&gt;/request.json valid
 * against its function's request schema (checked by a JSON Schema 2020-12 validator).
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAPPING = "quarkus.funqy.knative-events.mapping.";
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private JsonNode document;

    /** Loaded per test instance: the application is only up once the first instance exists. */
    @BeforeEach
    void load() throws IOException {
        document = JSON.readTree(given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /** The OpenAI-compatible endpoints are JAX-RS resources, which the document lists by itself. */
    @Test
    void openAisEmbeddingsAndModelsPathsArePublished() {
        JsonNode paths = document.path("paths");
        JsonNode embeddings = paths.path("/v1/embeddings").path("post");
        assertTrue(embeddings.isObject(), "POST /v1/embeddings");
        assertTrue(embeddings.path("requestBody").toString().contains("EmbeddingsRequest"), embeddings.toString());
        JsonNode request = document.path("components")
                .path("schemas")
                .path("EmbeddingsRequest")
                .path("properties");
        assertTrue(request.has("input") && request.has("encoding_format"), request.toString());
        assertTrue(paths.path("/v1/models").path("get").isObject(), "GET /v1/models");
        assertTrue(paths.path("/v1/models/{id}").path("get").isObject(), "GET /v1/models/{id}");
    }

    private static Set<String> functions() {
        return FunctionRecorder.registry.invokers().stream()
                .map(FunctionInvoker::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyFunctionHasACommittedSampleAndEverySampleAFunction() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("functions"))) {
            Set<String> samples = dirs.filter(d -> Files.exists(d.resolve("request.json")))
                    .map(d -> d.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(functions(), samples);
        }
    }

    @Test
    void everyFunctionIsAPostPathWithItsSchemasExampleErrorsAndEventTypes() throws IOException {
        Config config = ConfigProvider.getConfig();
        assertFalse(functions().isEmpty());
        for (String function : functions()) {
            JsonNode post = document.path("paths").path("/" + function).path("post");
            assertFalse(post.isMissingNode(), "POST /" + function + " is in the document");
            JsonNode media = post.path("requestBody").path("content").path("application/json");
            JsonNode request = resolve(media.path("schema"));
            assertEquals("object", request.path("type").asText(), function + " request schema");
            assertTrue(request.path("properties").size() > 0, function + " request schema has properties");
            assertTrue(
                    request.path("description").asText().length() > 10, function + " request schema describes itself");
            assertEquals(
                    JSON.readTree(Files.readString(Path.of("functions", function, "request.json"))),
                    media.path("example"),
                    function + ": the example is the committed request.json");
            JsonNode ok = resolve(post.path("responses")
                    .path("200")
                    .path("content")
                    .path("application/json")
                    .path("schema"));
            assertEquals("object", ok.path("type").asText(), function + " response schema");
            for (String status : List.of("400", "413", "415", "422", "503")) {
                JsonNode error = post.path("responses")
                        .path(status)
                        .path("content")
                        .path("application/json")
                        .path("schema");
                assertEquals(
                        "#/components/schemas/ErrorResponse", error.path("$ref").asText(), function + " " + status);
            }
            assertTrue(post.path("responses").path("503").path("headers").has("Retry-After"));
            String trigger = config.getValue(MAPPING + function + ".trigger", String.class);
            // a chain step's reply type is chosen per envelope: the document lists every type it may name
            String reply = config.getOptionalValue(MAPPING + function + ".response-type", String.class)
                    .orElseGet(() -> String.join(
                            " | ",
                            ChainStep.candidatesAfter(function).stream()
                                    .map(s -> config.getValue(MAPPING + s.function() + ".trigger", String.class))
                                    .toList()));
            assertFalse(reply.isEmpty(), function + " answers with some type");
            assertEquals(trigger, post.path("x-cloudevents").path("trigger").asText(), function);
            assertEquals(reply, post.path("x-cloudevents").path("responseType").asText(), function);
            assertTrue(
                    post.path("description").asText().contains(trigger), function + " description names its trigger");
        }
        JsonNode error = document.path("components").path("schemas").path("ErrorResponse");
        assertEquals(Set.of("error", "field"), names(error.path("properties")));
    }

    @Test
    void limitsEnumsAndDefaultsAreTheOnesTheServiceRunsWith() {
        Config config = ConfigProvider.getConfig();
        JsonNode texts = property("EncodeTextRequest", "texts");
        assertEquals(
                config.getValue("mmf.text.max-texts", Integer.class),
                texts.path("maxItems").asInt());
        assertEquals(1, texts.path("minItems").asInt());
        assertEquals(
                config.getValue("mmf.text.max-chars", Integer.class),
                texts.path("items").path("maxLength").asInt());
        assertTrue(texts.path("description").asText().length() > 0);
        JsonNode overflow = property("EncodeTextRequest", "overflow");
        assertEquals(List.of("truncate", "average"), strings(overflow.path("enum")));
        assertEquals(
                config.getValue("mmf.text.overflow", String.class),
                overflow.path("default").asText());
        assertEquals(List.of("texts"), strings(schema("EncodeTextRequest").path("required")));

        JsonNode strategy = property("FuseRequest", "strategy");
        assertEquals(
                Arrays.stream(FusionStrategy.values())
                        .map(FusionStrategy::label)
                        .toList(),
                strings(strategy.path("enum")));
        assertEquals(
                config.getValue("mmf.fusion.strategy", String.class),
                strategy.path("default").asText());
        assertEquals(
                config.getValue("mmf.fusion.max-parts", Integer.class),
                property("FuseRequest", "parts").path("maxItems").asInt());
        assertEquals(
                config.getValue("mmf.fusion.temperature", Double.class),
                property("FuseRequest", "temperature").path("default").asDouble());
        assertTrue(property("FuseRequest", "normalize").path("default").asBoolean());
        assertEquals(
                config.getValue("mmf.scoring.max-captions", Integer.class),
                property("ScoreCaptionsRequest", "captions").path("maxItems").asInt());
        assertEquals(
                config.getValue("mmf.scoring.caption-template", String.class),
                property("ScoreCaptionsRequest", "template").path("default").asText());
        assertEquals(
                config.getValue("mmf.scoring.max-document-chars", Integer.class),
                property("ScoreSummariesRequest", "document").path("maxLength").asInt());
        assertEquals(
                config.getValue("mmf.scoring.max-summaries", Integer.class),
                property("ScoreSummariesRequest", "summaries").path("maxItems").asInt());
        assertEquals(
                config.getValue("mmf.ocr.model", String.class),
                property("ReadTextRequest", "model").path("default").asText());
        assertTrue(
                property("ReadTextRequest", "image")
                        .path("description")
                        .asText()
                        .contains(config.getValue("mmf.image.max-bytes", String.class)),
                "the image limit is stated");
        // the response records are described too, down to the nested ones
        assertTrue(property("Line", "box").path("description").asText().contains("corners"));
        assertEquals("array", property("Line", "box").path("items").path("type").asText());
    }

    @Test
    void everyCommittedRequestIsValidAgainstItsFunctionsSchema() throws IOException {
        for (String function : functions()) {
            JsonNode sample = JSON.readTree(Files.readString(Path.of("functions", function, "request.json")));
            JsonSchema schema = requestSchema(function);
            Set<ValidationMessage> problems = schema.validate(sample);
            assertTrue(problems.isEmpty(), function + "/request.json: " + problems);
            // the schemas do not forbid unknown fields (the service ignores them), so check names here
            JsonNode properties = resolve(document.path("paths")
                            .path("/" + function)
                            .path("post")
                            .path("requestBody")
                            .path("content")
                            .path("application/json")
                            .path("schema"))
                    .path("properties");
            Set<String> unknown = new TreeSet<>(names(sample));
            unknown.removeAll(names(properties));
            assertTrue(unknown.isEmpty(), function + "/request.json has fields its record lacks: " + unknown);
        }
    }

    @Test
    void theValidatorRefusesRequestsPastTheDocumentedLimits() throws IOException {
        JsonSchema encodeText = requestSchema("encode-text");
        assertFalse(encodeText.validate(JSON.readTree("{\"texts\": []}")).isEmpty(), "no texts");
        assertFalse(encodeText
                .validate(JSON.readTree("{\"texts\": [\"a\"], \"overflow\": \"sideways\"}"))
                .isEmpty());
        assertFalse(encodeText.validate(JSON.readTree("{\"texts\": [1]}")).isEmpty(), "a number is not a text");
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i <= ConfigProvider.getConfig().getValue("mmf.text.max-texts", Integer.class); i++) {
            many.add("text " + i);
        }
        ObjectNode tooMany = JSON.createObjectNode().set("texts", many);
        assertFalse(encodeText.validate(tooMany).isEmpty(), "one text past mmf.text.max-texts");
        assertFalse(
                requestSchema("fuse")
                        .validate(JSON.readTree("{\"parts\": [{\"text\": \"a\", \"weight\": \"x\"}]}"))
                        .isEmpty(),
                "a weight is a number");
        assertTrue(
                requestSchema("fuse")
                        .validate(JSON.readTree("{\"parts\": [{\"text\": \"a\"}], \"strategy\": null}"))
                        .isEmpty(),
                "null means not given");
    }

    @Test
    void theYamlDocumentListsTheSameFunctions() throws IOException {
        JsonNode yaml = new YAMLMapper()
                .readTree(given().get("/q/openapi")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        for (String function : functions()) {
            assertTrue(yaml.path("paths").path("/" + function).has("post"), function + " in the YAML document");
        }
        assertEquals(names(document.path("paths")), names(yaml.path("paths")));
    }

    @Test
    void swaggerUiIsServed() {
        given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200);
    }

    /** The function's request schema as a standalone JSON Schema whose references reach the components. */
    private JsonSchema requestSchema(String function) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.path("components"));
        JsonNode schema = document.path("paths")
                .path("/" + function)
                .path("post")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        assertNotNull(schema.get("$ref"), function + " request schema is a named component");
        root.put("$ref", schema.get("$ref").asText());
        return SCHEMAS.getSchema(root);
    }

    private JsonNode schema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertFalse(schema.isMissingNode(), name + " is a component");
        return schema;
    }

    /**
     * The functions are added per request of the document ({@link FunctionsOpenApi} runs then, not at
     * start-up, where it cost every cold start its time): requests at once, in both formats, get the
     * same whole document, with every function in it.
     */
    @Test
    void theDocumentIsTheSameForRequestsAtOnce() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String format = i % 2 == 0 ? "json" : "yaml";
                answers.add(pool.submit(() -> format + "\n"
                        + given().queryParam("format", format)
                                .get("/q/openapi")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString()));
            }
            Set<String> yaml = new TreeSet<>();
            for (var answer : answers) {
                String got = answer.get();
                if (got.startsWith("json\n")) {
                    assertEquals(document, JSON.readTree(got.substring(5)));
                } else {
                    yaml.add(got);
                    JsonNode paths = new YAMLMapper().readTree(got.substring(5)).path("paths");
                    for (String function : functions()) {
                        assertFalse(paths.path("/" + function).isMissingNode(), function + " in the YAML document");
                    }
                }
            }
            assertEquals(1, yaml.size(), "every YAML answer is the same document");
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonNode property(String record, String name) {
        JsonNode property = schema(record).path("properties").path(name);
        assertFalse(property.isMissingNode(), record + "." + name);
        return property;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/components/schemas/")
                ? schema(ref.substring("#/components/schemas/".length()))
                : schema;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> {
            if (!v.isNull()) {
                values.add(v.asText());
            }
        });
        return values;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
