package dev.multimodal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl apply -k} would apply: each overlay built by kustomize itself (kubectl's), not
 * read file by file. A Knative Service is a custom resource, for which kustomize's strategic merge
 * replaces a list whole; a patch that wrote {@code containers:} took the image, the exported function,
 * the probes and the ports out of the GPU encoders. Every Service an overlay builds keeps its base's
 * container, and the overlay's changes are there.
 */
class KustomizeBuildTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theGpuOverlayKeepsEachEncodersContainerAndAddsTheGpu() throws Exception {
        Map<String, JsonNode> base = services("deploy/base");
        Map<String, JsonNode> gpu = services("deploy/overlays/gpu");
        everyContainerKept(base, gpu);
        for (String encoder : List.of("encode-text", "encode-image", "read-text", "score-captions")) {
            JsonNode c = container(gpu.get(encoder));
            assertEquals("1", c.at("/resources/limits/nvidia.com~1gpu").asText(), encoder);
            assertEquals("auto", env(c).get("MMF_RUNTIME_PROVIDER"), encoder);
            assertEquals("/cache", c.at("/volumeMounts/0/mountPath").asText(), encoder);
            assertTrue(c.path("image").asText().startsWith("multimodal-functions-gpu:"), encoder);
        }
    }

    @Test
    void theCpuAndGatewayOverlaysKeepEveryContainer() throws Exception {
        Map<String, JsonNode> base = services("deploy/base");
        everyContainerKept(base, services("deploy/overlays/cpu"));
        JsonNode gateway = services("deploy/overlays/gateway").get("multimodal-functions");
        assertTrue(gateway != null, "the gateway overlay builds its one Service");
        assertFalse(container(gateway).path("image").asText().isEmpty());
    }

    @Test
    void theInteractiveOverlayAnswersWithin30SecondsAndServesTextImageAndSpeechIn1Gibibyte() throws Exception {
        Map<String, JsonNode> interactive = services("deploy/overlays/interactive");
        everyContainerKept(services("deploy/base"), interactive);
        for (String name :
                List.of("transcribe", "encode-audio", "read-video", "encode-video", "analyze-audio", "analyze-video")) {
            JsonNode service = interactive.get(name);
            Map<String, String> env = env(container(service));
            assertEquals("25s", env.get("MMF_AUDIO_TIME_BUDGET"), name);
            assertEquals("25s", env.get("MMF_VIDEO_TIME_BUDGET"), name);
            int cut = service.at("/spec/template/spec/timeoutSeconds").asInt();
            assertTrue(cut >= 25 + 20 && cut <= 600, name + ": Knative's cut " + cut + " s, 20 s above the budget");
        }
        for (String name : List.of(
                "encode-text",
                "score-summaries",
                "encode-image",
                "read-text",
                "score-captions",
                "transcribe",
                "encode-audio")) {
            assertEquals(
                    "1Gi",
                    container(interactive.get(name))
                            .at("/resources/limits/memory")
                            .asText(),
                    name);
        }
    }

    @Test
    void theModelsVolumeComponentPointsTheServiceAtTheVolumeAndKeepsTheRest() throws Exception {
        Path dir = Path.of("target", "kustomize-models-volume");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "resources:\n  - ../../deploy/overlays/cpu\n"
                        + "components:\n  - ../../deploy/components/models-volume\n");
        Map<String, JsonNode> base = services("deploy/base");
        Map<String, JsonNode> withVolume = services(dir.toString());
        everyContainerKept(base, withVolume);
        for (String name : List.of("encode-image", "score-captions")) {
            JsonNode c = container(withVolume.get(name));
            assertEquals("/models", env(c).get("MMF_MODELS_DIR"), name);
            assertTrue(env(c).get("MMF_MODELS_INCLUDE").contains("clip-vit-b-32"), name);
            assertEquals("models", c.at("/volumeMounts/0/name").asText(), name);
            assertEquals(
                    "fetch-models",
                    withVolume
                            .get(name)
                            .at("/spec/template/spec/initContainers/0/name")
                            .asText());
        }
        assertEquals(
                "/deployments/models",
                env(container(withVolume.get("read-text"))).get("MMF_MODELS_DIR"));
    }

    /** Each Service of the base is in the build with its image set, its probes, its port and every variable. */
    private static void everyContainerKept(Map<String, JsonNode> base, Map<String, JsonNode> built) {
        for (Map.Entry<String, JsonNode> service : base.entrySet()) {
            String name = service.getKey();
            assertTrue(built.containsKey(name), name + " is built");
            JsonNode before = container(service.getValue());
            JsonNode after = container(built.get(name));
            assertFalse(after.path("image").asText().isEmpty(), name + " keeps an image");
            for (String field : List.of("readinessProbe", "livenessProbe", "ports", "resources")) {
                assertEquals(before.has(field), after.has(field), name + " keeps its " + field);
            }
            assertTrue(env(after).keySet().containsAll(env(before).keySet()), name + " keeps its variables");
            assertEquals(
                    env(before).get("QUARKUS_FUNQY_EXPORT"),
                    env(after).get("QUARKUS_FUNQY_EXPORT"),
                    name + " exports the same function");
        }
    }

    private static JsonNode container(JsonNode service) {
        JsonNode containers = service.at("/spec/template/spec/containers");
        assertEquals(1, containers.size(), service.at("/metadata/name") + ": one container");
        return containers.get(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container
                .path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    /** The Knative Services that {@code kubectl kustomize dir} builds, by name. */
    private static Map<String, JsonNode> services(String dir) throws Exception {
        Map<String, JsonNode> services = new HashMap<>();
        for (JsonNode doc : build(dir)) {
            if (doc.path("kind").asText().equals("Service")
                    && doc.path("apiVersion").asText().startsWith("serving.knative.dev/")) {
                services.put(doc.at("/metadata/name").asText(), doc);
            }
        }
        return services;
    }

    private static List<JsonNode> build(String dir) throws IOException, InterruptedException {
        assumeTrue(kubectl(), "kubectl (with its kustomize) is not installed");
        Process p = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone", dir)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kustomize ended");
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + ": " + out);
        List<JsonNode> docs = new ArrayList<>();
        var it = YAML.readerFor(JsonNode.class).readValues(out);
        while (it.hasNext()) {
            JsonNode doc = (JsonNode) it.next();
            if (doc != null && !doc.isEmpty()) {
                docs.add(doc);
            }
        }
        return docs;
    }

    private static boolean kubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
