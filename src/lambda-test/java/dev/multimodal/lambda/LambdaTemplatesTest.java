package dev.multimodal.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.multimodal.functions.EncodeTextFunction;
import io.quarkus.funqy.Funq;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/lambda/ against the Lambda build: a template for every function this build serves, each
 * naming the handler that exists here, the package deploy/lambda/package makes for it, the models of
 * the same function's Knative Service, a memory size, a timeout and reserved concurrency as a
 * parameter; the events example filters the type the Knative trigger does and has its dead letters.
 */
class LambdaTemplatesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path TEMPLATES = Path.of("deploy", "lambda");

    @Test
    void everyServedFunctionHasATemplateThatFitsTheBuild() throws Exception {
        Set<String> templated = new TreeSet<>();
        for (Path file : templates()) {
            JsonNode fn = YAML.readTree(file.toFile()).at("/Resources/Function/Properties");
            String export = fn.at("/Environment/Variables/QUARKUS_FUNQY_EXPORT").asText();
            String where = file + ": ";
            assertTrue(served().contains(export), where + "exports " + export + ", which this build does not serve");
            if (!file.getFileName().toString().equals(export + ".yaml")) {
                continue;
            }
            templated.add(export);
            String handler = fn.get("Handler").asText();
            assertEquals(PackagedFunction.HANDLER, handler, where + "handler");
            assertTrue(
                    RequestStreamHandler.class.isAssignableFrom(Class.forName(handler.split("::")[0])),
                    where + handler + " is a Lambda stream handler of this build");
            assertEquals("java21", fn.get("Runtime").asText(), where + "runtime (glibc 2.34, docs/lambda.md)");
            assertEquals(
                    "x86_64", fn.at("/Architectures/0").asText(), where + "the package carries x86_64 natives only");
            assertEquals(
                    "../../target/lambda/" + export + ".zip", fn.get("CodeUri").asText(), where + "CodeUri");
            assertEquals(
                    knativeModels(export),
                    fn.at("/Environment/Variables/MMF_MODELS_INCLUDE").asText(),
                    where + "loads the models its Knative Service loads");
            assertEquals(
                    "/var/task/models",
                    fn.at("/Environment/Variables/MMF_MODELS_DIR").asText(),
                    where);
            assertTrue(fn.get("MemorySize").asInt() >= 1024, where + "memory");
            int timeout = fn.get("Timeout").asInt();
            assertTrue(timeout >= 30 && timeout <= 900, where + "timeout covers a cold start, within Lambda's 900 s");
            assertTrue(fn.has("ReservedConcurrentExecutions"), where + "reserved concurrency");
            assertEquals(
                    -1,
                    YAML.readTree(file.toFile())
                            .at("/Parameters/ReservedConcurrency/Default")
                            .asInt(),
                    where + "reserved concurrency is left to the user");
        }
        Set<String> expected = new TreeSet<>(served());
        assertEquals(expected, templated, "one template per function of the Lambda build");
    }

    @Test
    void theEventsExampleListensForTheKnativeTypeAndKeepsItsDeadLetters() throws Exception {
        JsonNode template =
                YAML.readTree(TEMPLATES.resolve("encode-text-events.yaml").toFile());
        JsonNode fn = template.at("/Resources/Function/Properties");
        JsonNode rule = fn.at("/Events/EncodeRequested");
        assertEquals("EventBridgeRule", rule.get("Type").asText());
        assertEquals(
                trigger("encode-text"),
                rule.at("/Properties/Pattern/detail-type/0").asText());
        assertEquals("$.detail", rule.at("/Properties/InputPath").asText(), "the function gets the request itself");
        assertTrue(rule.at("/Properties/DeadLetterConfig/Arn").toString().contains("DeadLetters"));
        JsonNode invoke = fn.get("EventInvokeConfig");
        assertTrue(invoke.get("MaximumRetryAttempts").asInt() <= 2, "retries are bounded");
        assertTrue(
                invoke.at("/DestinationConfig/OnFailure/Destination").toString().contains("DeadLetters"));
        assertTrue(
                invoke.at("/DestinationConfig/OnSuccess/Destination").toString().contains("Results"));
        assertEquals(
                "AWS::SQS::Queue", template.at("/Resources/DeadLetters/Type").asText());
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** The @Funq functions compiled into this (Lambda) build. */
    private static Set<String> served() throws Exception {
        Path dir = Path.of(EncodeTextFunction.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("dev/multimodal/functions");
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f ->
                            f.toString().endsWith(".class") && !f.toString().contains("$"))
                    .toList()) {
                Class<?> type = Class.forName(
                        "dev.multimodal.functions." + f.getFileName().toString().replace(".class", ""));
                for (Method method : type.getDeclaredMethods()) {
                    Funq funq = method.getAnnotation(Funq.class);
                    if (funq != null) {
                        names.add(funq.value().isEmpty() ? method.getName() : funq.value());
                    }
                }
            }
        }
        return names;
    }

    private static String knativeModels(String function) throws IOException {
        try (var docs = YAML.readerFor(JsonNode.class)
                .<JsonNode>readValues(
                        Path.of("deploy", "base", function + ".yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc.path("kind").asText().equals("Service")) {
                    for (JsonNode env : doc.at("/spec/template/spec/containers/0/env")) {
                        if (env.get("name").asText().equals("MMF_MODELS_INCLUDE")) {
                            return env.get("value").asText();
                        }
                    }
                }
            }
        }
        throw new AssertionError("deploy/base/" + function + ".yaml has no MMF_MODELS_INCLUDE");
    }

    private static String trigger(String function) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties.getProperty("quarkus.funqy.knative-events.mapping." + function + ".trigger");
    }
}
