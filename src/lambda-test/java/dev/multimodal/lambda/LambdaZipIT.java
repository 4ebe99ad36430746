package dev.multimodal.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployment packages themselves, started as AWS's Java runtime starts them (AWS's runtime
 * interface client, the handler and environment of the SAM templates, the models inside the zip) against a
 * loopback Runtime API, answering each function's own sample request and refusing bad events as
 * readable results.
 */
class LambdaZipIT {

    @Test
    void encodeTextFromItsZip() throws Exception {
        run("encode-text", (api, function) -> {
            JsonNode body = result(api, api.invoke(MockLambda.sample("encode-text")));
            assertEquals(2, body.get("embeddings").size());
            for (JsonNode embedding : body.get("embeddings")) {
                assertEquals(
                        body.get("dimension").asInt(), embedding.get("vector").size());
            }
            assertEquals(384, body.get("dimension").asInt());

            JsonNode empty = result(api, api.invoke("{\"texts\": []}"));
            assertEquals(400, empty.get("status").asInt());
            assertEquals("texts", empty.get("field").asText());

            // an event that does not bind to the request: Funqy fails before the function runs
            JsonNode wrongType = result(api, api.invoke("{\"texts\": \"one string, not a list\"}"));
            assertEquals(400, wrongType.get("status").asInt());
            assertEquals("texts", wrongType.get("field").asText());
            assertTrue(wrongType.get("error").asText().contains("wrong JSON type"), wrongType.toString());

            // still serving after refusals
            assertEquals(
                    2,
                    result(api, api.invoke(MockLambda.sample("encode-text")))
                            .get("embeddings")
                            .size());
        });
    }

    @Test
    void fuseFromItsZip() throws Exception {
        run("fuse", (api, function) -> {
            JsonNode body = result(api, api.invoke(MockLambda.sample("fuse")));
            assertEquals(384, body.get("vector").size());
            assertEquals("all-minilm-l6-v2-q", body.get("space").asText());
        });
    }

    @Test
    void readTextFromItsZip() throws Exception {
        run("read-text", (api, function) -> {
            JsonNode body = result(api, api.invoke(MockLambda.sample("read-text")));
            assertEquals(ReadTextOnLambdaTest.RECEIPT, body.get("text").asText());
        });
    }

    interface Check {
        void run(LoopbackRuntimeApi api, PackagedFunction function) throws Exception;
    }

    private static void run(String name, Check check) throws Exception {
        Path task = PackagedFunction.unzip(name);
        String models = PackagedFunction.templateEnvironment(name, task).get("MMF_MODELS_INCLUDE");
        for (String model : models.split(",")) {
            assertTrue(
                    Files.isRegularFile(task.resolve("models").resolve(model).resolve("model.json")),
                    "the zip carries model " + model);
        }
        Path log = Path.of("target", "lambda-task", name + ".log");
        try (LoopbackRuntimeApi api = new LoopbackRuntimeApi();
                PackagedFunction function = PackagedFunction.start(task, name, api.address(), log)) {
            try {
                check.run(api, function);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- function log (" + log + ") ---\n" + tail(log), e);
            }
            assertFalse(
                    api.initError().isDone(), "init error: " + api.initError().getNow(""));
        }
    }

    private static JsonNode result(
            LoopbackRuntimeApi api, java.util.concurrent.CompletableFuture<LoopbackRuntimeApi.Answer> pending)
            throws Exception {
        // fail at once when the process reports that it could not start, rather than at the timeout
        java.util.concurrent.CompletableFuture.anyOf(pending, api.initError()).get(3, TimeUnit.MINUTES);
        assertFalse(
                api.initError().isDone(), () -> "init error: " + api.initError().getNow(""));
        LoopbackRuntimeApi.Answer answer = pending.get();
        assertFalse(answer.isError(), () -> "function error " + answer.errorType() + ": " + answer.body());
        return MockLambda.JSON.readTree(answer.body());
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
