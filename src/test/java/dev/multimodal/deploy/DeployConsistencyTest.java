package dev.multimodal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.multimodal.service.ChainStep;
import io.quarkus.funqy.Funq;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads deploy/ as kustomize would (each kustomization's resources, recursively) and checks that
 * what it deploys fits the application: Triggers filter on types a function consumes and deliver to
 * Services that exist and serve that function; Services select functions that exist; probes,
 * resources and autoscaling are set; overlay patches target Services of the base.
 */
public class DeployConsistencyTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern MAPPING =
            Pattern.compile("quarkus\\.funqy\\.knative-events\\.mapping\\.([a-z-]+)\\.(trigger|response-type)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** function → the event type it consumes, and → the type of its reply, from application.properties. */
    private static Map<String, String[]> mappings() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            p.load(r);
        }
        Map<String, String[]> mappings = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            Matcher m = MAPPING.matcher(key);
            if (m.matches()) {
                String[] pair = mappings.computeIfAbsent(m.group(1), k -> new String[2]);
                pair[m.group(2).equals("trigger") ? 0 : 1] = p.getProperty(key);
            }
        }
        return mappings;
    }

    /** The @Funq functions compiled into the application. */
    private static Set<String> functions() throws Exception {
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("target/classes/dev/multimodal/functions"))) {
            for (Path f : files.filter(f ->
                            f.toString().endsWith(".class") && !f.toString().contains("$"))
                    .toList()) {
                String name =
                        "dev.multimodal.functions." + f.getFileName().toString().replace(".class", "");
                for (Method method : Class.forName(name, false, DeployConsistencyTest.class.getClassLoader())
                        .getDeclaredMethods()) {
                    Funq funq = method.getAnnotation(Funq.class);
                    if (funq != null) {
                        names.add(funq.value().isEmpty() ? method.getName() : funq.value());
                    }
                }
            }
        }
        return names;
    }

    /** Every document a kustomization deploys, following resources into files and folders. */
    public static List<JsonNode> build(Path dir) throws IOException {
        JsonNode k = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            assertTrue(Files.exists(path), dir + " lists a missing resource " + resource.asText());
            if (Files.isDirectory(path)) {
                docs.addAll(build(path));
            } else {
                docs.addAll(documents(path));
            }
        }
        return docs;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    public static List<JsonNode> kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    public static String exported(JsonNode service) {
        for (JsonNode env : service.at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals("QUARKUS_FUNQY_EXPORT")) {
                return env.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void everyDeployableFolderFitsTheApplication() throws Exception {
        Map<String, String[]> mappings = mappings();
        Set<String> functions = functions();
        Map<String, String> consumer = new HashMap<>();
        mappings.forEach((fn, pair) -> consumer.put(pair[0], fn));
        assertTrue(functions.containsAll(mappings.keySet()), "mapped functions exist: " + mappings.keySet());

        for (String folder : List.of("base", "overlays/cpu", "overlays/gpu", "overlays/gateway")) {
            List<JsonNode> docs = build(DEPLOY.resolve(folder));
            Map<String, JsonNode> services = new HashMap<>();
            kind(docs, "Service")
                    .forEach(s -> services.put(s.at("/metadata/name").asText(), s));
            assertFalse(services.isEmpty(), folder);
            assertEquals(1, kind(docs, "Broker").size(), folder + " deploys one Broker");

            for (JsonNode service : services.values()) {
                String name = service.at("/metadata/name").asText();
                String fn = exported(service);
                if (name.equals("dead-letters")) {
                    continue;
                }
                assertTrue(fn == null || functions.contains(fn), folder + ": " + name + " exports unknown " + fn);
                JsonNode container = service.at("/spec/template/spec/containers/0");
                assertEquals(
                        "/q/health/ready",
                        container.at("/readinessProbe/httpGet/path").asText(),
                        name);
                assertEquals(
                        "/q/health/live",
                        container.at("/livenessProbe/httpGet/path").asText(),
                        name);
                assertTrue(
                        container.at("/resources/requests").size() > 0
                                && container.at("/resources/limits").size() > 0,
                        name + " sets requests and limits");
                assertTrue(
                        service.at("/spec/template/metadata/annotations").has("autoscaling.knative.dev/target"), name);
            }

            List<JsonNode> triggers = kind(docs, "Trigger");
            assertEquals(consumer.size(), triggers.size(), folder + ": one Trigger per consumed type");
            for (JsonNode trigger : triggers) {
                String tname = trigger.at("/metadata/name").asText();
                String type = trigger.at("/spec/filter/attributes/type").asText();
                assertTrue(
                        consumer.containsKey(type),
                        folder + ": " + tname + " filters " + type + ", which no function consumes");
                String target = trigger.at("/spec/subscriber/ref/name").asText();
                JsonNode service = services.get(target);
                assertTrue(service != null, folder + ": " + tname + " delivers to missing Service " + target);
                String fn = exported(service);
                assertTrue(
                        fn == null || fn.equals(consumer.get(type)),
                        folder + ": " + tname + " sends " + type + " to " + target + ", which serves " + fn);
                JsonNode delivery = trigger.at("/spec/delivery");
                assertTrue(
                        delivery.path("retry").asInt() > 0
                                && !delivery.path("backoffPolicy").asText().isEmpty(),
                        tname + " retries with backoff");
                assertTrue(
                        services.containsKey(
                                delivery.at("/deadLetterSink/ref/name").asText()),
                        tname + " has a dead-letter sink that exists");
            }
            // the chain routes by type: every type a function may answer with that a function takes has
            // exactly one Trigger, and a Trigger on a chain step's type listens for one that some function emits
            Map<String, Integer> triggersOn = new HashMap<>();
            triggers.forEach(
                    t -> triggersOn.merge(t.at("/spec/filter/attributes/type").asText(), 1, Integer::sum));
            Set<String> emitted = new HashSet<>();
            for (String fn : mappings.keySet()) {
                for (String reply : answers(fn, mappings)) {
                    emitted.add(reply);
                    assertTrue(
                            !consumer.containsKey(reply) || triggersOn.getOrDefault(reply, 0) == 1,
                            folder + ": " + fn + " may answer " + reply + ", which " + consumer.get(reply) + " takes, "
                                    + "but " + triggersOn.getOrDefault(reply, 0) + " Triggers route it");
                }
            }
            for (JsonNode trigger : triggers) {
                String type = trigger.at("/spec/filter/attributes/type").asText();
                assertTrue(
                        ChainStep.ofFunction(consumer.get(type)).isEmpty() || emitted.contains(type),
                        folder + ": " + trigger.at("/metadata/name").asText() + " listens on " + type
                                + ", which no function answers with");
            }
        }
    }

    /**
     * The types {@code fn} may answer with: a chain function's are the types of the steps that can
     * come next (chosen per envelope at run time), any other's its mapped response type.
     */
    private static List<String> answers(String fn, Map<String, String[]> mappings) {
        List<ChainStep> next = ChainStep.candidatesAfter(fn);
        if (!next.isEmpty()) {
            return next.stream().map(s -> mappings.get(s.function())[0]).toList();
        }
        String reply = mappings.get(fn)[1];
        return reply == null ? List.of() : List.of(reply);
    }

    /** Knative (Go) and Quarkus durations: 90s, 2m, 1m30s, 500ms, PT20S, or a bare number of seconds. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        if (t.toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
            return Duration.parse(t);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "s" -> Duration.ofSeconds(n);
                        default -> Duration.ofMillis(n);
                    });
            end = m.end();
        }
        assertTrue(end == t.length() && end > 0, "not a duration: '" + text + "'");
        return total;
    }

    /** The drain's grace period: quarkus.shutdown.timeout in application.properties, zero when unset. */
    private static Duration drainGrace() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            p.load(r);
        }
        String value = p.getProperty("quarkus.shutdown.timeout");
        return value == null ? Duration.ZERO : duration(value);
    }

    private static String env(JsonNode service, String name) {
        for (JsonNode env : service.at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals(name)) {
                return env.path("value").asText();
            }
        }
        return null;
    }

    /**
     * Every Service scales to zero on settings of its own (min-scale, initial-scale, scale-down delay,
     * last-pod retention), and Kubernetes waits longer than the drain before it kills a pod: the
     * drain's grace period (quarkus.shutdown.timeout, or the Service's QUARKUS_SHUTDOWN_TIMEOUT) plus
     * at least 5 s for the batchers to stop and the JVM to exit.
     */
    @Test
    void everyServiceScalesToZeroAndOutlastsItsDrain() throws Exception {
        Duration appGrace = drainGrace();
        for (String folder : List.of("base", "overlays/cpu", "overlays/gpu", "overlays/gateway")) {
            for (JsonNode service : kind(build(DEPLOY.resolve(folder)), "Service")) {
                String name = folder + ": " + service.at("/metadata/name").asText();
                JsonNode a = service.at("/spec/template/metadata/annotations");
                for (String key : List.of(
                        "min-scale", "initial-scale", "scale-down-delay", "scale-to-zero-pod-retention-period")) {
                    assertTrue(a.has("autoscaling.knative.dev/" + key), name + " sets autoscaling.knative.dev/" + key);
                }
                assertTrue(
                        Integer.parseInt(a.path("autoscaling.knative.dev/min-scale")
                                        .asText())
                                >= 0,
                        name);
                assertTrue(
                        Integer.parseInt(a.path("autoscaling.knative.dev/initial-scale")
                                        .asText())
                                >= 0,
                        name);
                Duration delay = duration(
                        a.path("autoscaling.knative.dev/scale-down-delay").asText());
                assertTrue(
                        delay.compareTo(Duration.ofHours(1)) <= 0,
                        name + ": Knative takes a scale-down delay up to 1h");
                duration(a.path("autoscaling.knative.dev/scale-to-zero-pod-retention-period")
                        .asText());

                JsonNode grace = service.at("/spec/template/spec/terminationGracePeriodSeconds");
                assertTrue(grace.isInt(), name + " sets terminationGracePeriodSeconds");
                String own = env(service, "QUARKUS_SHUTDOWN_TIMEOUT");
                Duration drain = own != null ? duration(own) : appGrace;
                assertTrue(
                        grace.asLong() >= drain.toSeconds() + 5,
                        name + ": terminationGracePeriodSeconds " + grace.asLong()
                                + " must exceed the drain's grace period " + drain.toSeconds() + " s by 5 s");
            }
        }
    }

    /**
     * The Services that start their JVM with C1 alone ({@code -XX:TieredStopAtLevel=1}) are exactly
     * those whose every request runs OCR: the model holds their time, so C2 adds little to their
     * throughput and a fifth to their cold start (docs/startup.md). Text functions, whose own Java
     * work (JSON, pooling) C2 speeds by 10-15% under load, keep the full JIT. bench/coldstart starts
     * each function with its Service's JAVA_TOOL_OPTIONS, on both paths.
     */
    @Test
    void onlyTheFunctionsWhoseRequestsRunOcrLeaveOutC2() throws Exception {
        int c1 = 0;
        for (JsonNode service : kind(build(DEPLOY.resolve("base")), "Service")) {
            String fn = env(service, "QUARKUS_FUNQY_EXPORT");
            if (fn == null) {
                continue;
            }
            String include = env(service, "MMF_MODELS_INCLUDE");
            JsonNode sample = new ObjectMapper()
                    .readTree(Path.of("functions", fn, "request.json").toFile());
            boolean ocr =
                    include != null && List.of(include.split(",")).contains("pp-ocrv4") && sample.hasNonNull("image");
            String options = env(service, "JAVA_TOOL_OPTIONS");
            if (ocr) {
                assertEquals("-XX:TieredStopAtLevel=1", options, fn + ": every request runs OCR");
                c1++;
            } else {
                assertTrue(options == null || !options.contains("TieredStopAtLevel"), fn + " keeps C2: " + options);
            }
        }
        assertEquals(4, c1, "encode-image, read-text, score-captions and analyze-image run OCR on every request");
    }

    @Test
    void durationsReadAsKnativeAndQuarkusWriteThem() {
        assertEquals(Duration.ofSeconds(90), duration("1m30s"));
        assertEquals(Duration.ofSeconds(20), duration("PT20S"));
        assertEquals(Duration.ofSeconds(20), duration("20"));
        assertEquals(Duration.ofMillis(1500), duration("1s500ms"));
    }

    /**
     * Every route an analysis can take by type, from the request to the final type: each goes down
     * the chain (never back, never twice), ends at analysis.scored, and every step is on some route.
     */
    @Test
    void everyRouteOfTheAnalysisChainRunsDownToItsFinalType() throws Exception {
        Map<String, String[]> mappings = mappings();
        Map<String, String> consumer = new HashMap<>();
        mappings.forEach((fn, pair) -> consumer.put(pair[0], fn));
        assertEquals(ChainStep.ROUTE_FUNCTION, consumer.get("dev.multimodal.analysis.requested"));
        Set<String> visited = new HashSet<>();
        List<List<String>> routes = new ArrayList<>();
        List<List<String>> open = new ArrayList<>(List.of(List.of(ChainStep.ROUTE_FUNCTION)));
        while (!open.isEmpty()) {
            List<String> route = open.remove(open.size() - 1);
            String last = route.get(route.size() - 1);
            visited.add(last);
            for (String type : answers(last, mappings)) {
                String fn = consumer.get(type);
                if (fn == null) {
                    assertEquals("dev.multimodal.analysis.scored", type, route + " ends at " + type);
                    routes.add(route);
                    continue;
                }
                ChainStep step = ChainStep.ofFunction(fn).orElseThrow();
                int before = ChainStep.ofFunction(last).map(Enum::ordinal).orElse(-1);
                assertTrue(step.ordinal() > before, route + " goes back to " + fn);
                List<String> longer = new ArrayList<>(route);
                longer.add(fn);
                open.add(longer);
            }
        }
        for (ChainStep step : ChainStep.values()) {
            assertTrue(visited.contains(step.function()), step.function() + " is on some route");
        }
        assertTrue(
                routes.contains(List.of(
                        ChainStep.ROUTE_FUNCTION, "analyze-image", "analyze-text", "analyze-fuse", "analyze-score")),
                "an image with text takes only its steps: " + routes);
        assertTrue(
                routes.contains(List.of(ChainStep.ROUTE_FUNCTION, "analyze-audio", "analyze-fuse", "analyze-score")),
                "a recording alone takes only its steps: " + routes);
    }

    @Test
    void overlayPatchesTargetServicesOfTheBase() throws Exception {
        Set<String> base = new HashSet<>();
        kind(build(DEPLOY.resolve("base")), "Service")
                .forEach(s -> base.add(s.at("/metadata/name").asText()));
        for (Path k : List.of(
                DEPLOY.resolve("overlays/gpu/kustomization.yaml"),
                DEPLOY.resolve("components/models-volume/kustomization.yaml"))) {
            JsonNode kustomization = YAML.readTree(k.toFile());
            for (JsonNode patch : kustomization.path("patches")) {
                assertTrue(Files.exists(k.resolveSibling(patch.path("path").asText())), k + " patch file");
                for (String name : patch.at("/target/name").asText().split("\\|")) {
                    assertTrue(base.contains(name), k + " patches " + name + ", not a Service of the base");
                }
            }
        }
        JsonNode gpu =
                documents(DEPLOY.resolve("overlays/gpu/gpu-encoder.yaml")).get(0);
        assertEquals(
                "1",
                gpu.at("/spec/template/metadata/annotations/autoscaling.knative.dev~1min-scale")
                        .asText());
        assertTrue(gpu.at("/spec/template/spec/tolerations").size() > 0);
    }

    @Test
    void everyFunctionFolderHoldsItsDescriptorReadmeSampleRequestAndEvents() throws Exception {
        for (String fn : mappings().keySet()) {
            Path dir = Path.of("functions", fn);
            for (String file :
                    List.of("func.yaml", "README.md", "request.json", "event-binary.json", "event-structured.json")) {
                assertTrue(Files.isRegularFile(dir.resolve(file)), dir.resolve(file) + " exists");
            }
            JsonNode func = YAML.readTree(dir.resolve("func.yaml").toFile());
            assertEquals(fn, func.path("name").asText());
            assertEquals(fn, func.at("/run/envs/0/value").asText(), dir + "/func.yaml exports " + fn);
            JsonNode event =
                    new ObjectMapper().readTree(dir.resolve("event-binary.json").toFile());
            assertEquals(mappings().get(fn)[0], event.at("/headers/ce-type").asText(), fn + " sample event type");
            ObjectNode structured = (ObjectNode) new ObjectMapper()
                    .readTree(dir.resolve("event-structured.json").toFile());
            assertEquals(mappings().get(fn)[0], structured.path("type").asText(), fn + " structured sample type");
        }
    }
}
