package dev.multimodal.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.multimodal.util.JsonVectors;
import dev.multimodal.util.PackagedApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clients users already have, unchanged but for their base URL, against {@code /v1/embeddings}
 * of the packaged application: OpenAI's Java SDK, LangChain4j's {@code OpenAiEmbeddingModel} and the
 * {@code openai} npm package. Each gets encode-text's vectors (fp32 model: texts batched together
 * differ from texts batched apart by float rounding only) and OpenAI's refusals.
 */
class OpenAIClientsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> TEXTS = List.of(
            "a red bicycle leans against a brick wall", "two croissants and a coffee", "the invoice is due on Friday");
    private static final float TOLERANCE = 1e-6f;
    private static PackagedApp service;
    private static String baseUrl;

    @BeforeAll
    static void startTheService() throws Exception {
        service = PackagedApp.start(
                        "openai-clients",
                        Map.of("MMF_MODELS_INCLUDE", "all-minilm-l6-v2-q,all-minilm-l6-v2"),
                        List.of())
                .awaitReady();
        baseUrl = service.base().toString();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void openAisJavaSdkGetsEncodeTextsVectorsAsFloatsAndAsBase64() throws Exception {
        // README: java-sdk
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl + "v1")
                .apiKey("unused")
                .build();
        CreateEmbeddingResponse response = client.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("all-minilm-l6-v2")
                        .inputOfArrayOfStrings(TEXTS)
                        .build());
        List<Float> first = response.data().get(0).embedding();
        // README: end
        float[][] expected = encodeText(TEXTS);
        assertEquals(TEXTS.size(), response.data().size());
        assertEquals("all-minilm-l6-v2", response.model());
        assertTrue(response.usage().promptTokens() > TEXTS.size());
        assertEquals(384, first.size());
        for (EmbeddingCreateParams.EncodingFormat format :
                List.of(EmbeddingCreateParams.EncodingFormat.FLOAT, EmbeddingCreateParams.EncodingFormat.BASE64)) {
            CreateEmbeddingResponse answer = client.embeddings()
                    .create(EmbeddingCreateParams.builder()
                            .model("all-minilm-l6-v2")
                            .inputOfArrayOfStrings(TEXTS)
                            .encodingFormat(format)
                            .build());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(
                        format == EmbeddingCreateParams.EncodingFormat.BASE64,
                        answer.data().get(i).embeddingValue().isBase64(),
                        format + " on the wire");
                assertArrayEquals(
                        expected[i], JsonVectors.floats(answer.data().get(i).embedding()), TOLERANCE, format + " " + i);
            }
        }
    }

    @Test
    void openAisJavaSdkSurfacesRefusalsAsItsOwnExceptions() {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl + "v1")
                .apiKey("unused")
                .maxRetries(0)
                .build();
        NotFoundException unknown = assertThrows(
                NotFoundException.class,
                () -> client.embeddings()
                        .create(EmbeddingCreateParams.builder()
                                .model("text-embedding-3-small")
                                .input("hello")
                                .build()));
        assertEquals(404, unknown.statusCode());
        assertEquals("model_not_found", unknown.code().orElseThrow());
        assertEquals("model", unknown.param().orElseThrow());
        BadRequestException shortened = assertThrows(
                BadRequestException.class,
                () -> client.embeddings()
                        .create(EmbeddingCreateParams.builder()
                                .model("all-minilm-l6-v2")
                                .input("hello")
                                .dimensions(256)
                                .build()));
        assertEquals(400, shortened.statusCode());
        assertEquals("dimensions", shortened.param().orElseThrow());
        assertEquals("invalid_request_error", shortened.type().orElseThrow());
    }

    @Test
    void langChain4jsOpenAiEmbeddingModelEmbedsSegments() throws Exception {
        // README: langchain4j
        EmbeddingModel model = OpenAiEmbeddingModel.builder()
                .baseUrl(baseUrl + "v1")
                .apiKey("unused")
                .modelName("all-minilm-l6-v2")
                .build();
        List<Embedding> embeddings =
                model.embedAll(TEXTS.stream().map(TextSegment::from).toList()).content();
        // README: end
        float[][] expected = encodeText(TEXTS);
        assertEquals(TEXTS.size(), embeddings.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(expected[i], embeddings.get(i).vector(), TOLERANCE, "segment " + i);
        }
    }

    @Test
    void theOpenaiNpmPackageGetsTheSameVectors() throws Exception {
        Path dir = Path.of("target", "openai-node");
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "package-lock.json", "embed.mjs")) {
            Files.copy(Path.of("src", "test", "node", file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("openai"))) {
            run(dir, Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund");
        }
        List<String> command = new ArrayList<>(List.of("node", "embed.mjs", baseUrl, "all-minilm-l6-v2"));
        command.addAll(TEXTS);
        JsonNode response = JSON.readTree(run(dir, Duration.ofMinutes(1), command.toArray(String[]::new)));
        float[][] expected = encodeText(TEXTS);
        assertEquals("all-minilm-l6-v2", response.path("model").asText());
        assertEquals(TEXTS.size(), response.path("data").size());
        for (int i = 0; i < TEXTS.size(); i++) {
            JsonNode vector = response.path("data").get(i).path("embedding");
            float[] actual = new float[vector.size()];
            for (int j = 0; j < actual.length; j++) {
                actual[j] = vector.get(j).floatValue();
            }
            assertArrayEquals(expected[i], actual, TOLERANCE, "text " + i);
        }
    }

    /** The vectors encode-text gives for {@code texts}, with the fp32 model. */
    private static float[][] encodeText(List<String> texts) throws Exception {
        String body = JSON.writeValueAsString(Map.of("texts", texts, "model", "all-minilm-l6-v2"));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "encode-text"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode embeddings = JSON.readTree(response.body()).path("embeddings");
        float[][] vectors = new float[embeddings.size()][];
        for (int i = 0; i < vectors.length; i++) {
            JsonNode vector = embeddings.get(i).path("vector");
            vectors[i] = new float[vector.size()];
            for (int j = 0; j < vector.size(); j++) {
                vectors[i][j] = vector.get(j).floatValue();
            }
        }
        return vectors;
    }

    /** Runs a command in {@code dir}, returning its standard output; fails on a non-zero exit. */
    private static String run(Path dir, Duration timeout, String... command) throws Exception {
        Path log = Files.createTempFile(dir.toAbsolutePath(), "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(log.toFile())
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
        }
        String errors = Files.readString(log);
        Files.delete(log);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed: " + errors);
        return new String(out, StandardCharsets.UTF_8);
    }
}
