package dev.multimodal.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The native build's inputs, as Quarkus generates them without GraalVM:
 * <pre>
 *   ./mvnw -B verify -Pnative -Dquarkus.native.sources-only=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dit.test=NativeSourcesIT -Dnative.sources.required=true
 * </pre>
 * ONNX Runtime and the tokenizer's JNI are initialised at run time (they load native libraries in
 * static initialisers), and their JNI configuration travels inside the application jar, where
 * native-image finds it by itself: no path to it, absolute or not, is passed. Skipped when the native
 * sources were not built, unless {@code -Dnative.sources.required=true}.
 */
class NativeSourcesIT {

    private static final Path SOURCES = Path.of("target", "native-sources");
    private static final String CONFIG = "META-INF/native-image/dev.multimodal/multimodal-functions/";

    private static List<String> args() throws IOException {
        Path args = SOURCES.resolve("native-image.args");
        if (!Files.isRegularFile(args)) {
            Assumptions.assumeTrue(
                    Boolean.getBoolean("native.sources.required"),
                    "no " + args + ": build it with -Pnative -Dquarkus.native.sources-only=true");
            throw new AssertionError("no " + args + ": the native sources build did not run");
        }
        return Arrays.stream(Files.readString(args).trim().split("\\s+")).toList();
    }

    private static Set<String> runTimeInitialised(List<String> args) {
        return args.stream()
                .filter(a -> a.startsWith("--initialize-at-run-time="))
                .flatMap(a -> Arrays.stream(
                        a.substring("--initialize-at-run-time=".length()).split(",")))
                .collect(Collectors.toSet());
    }

    @Test
    void onnxRuntimeAndTheTokenizerJniAreInitialisedAtRunTime() throws IOException {
        Set<String> packages = runTimeInitialised(args());
        assertTrue(packages.contains("ai.onnxruntime"), "run-time init: " + packages);
        assertTrue(packages.contains("ai.djl.huggingface.tokenizers.jni"), "run-time init: " + packages);
    }

    @Test
    void noConfigurationIsPassedByPath() throws IOException {
        List<String> args = args();
        String base = Path.of("").toAbsolutePath().toString();
        for (String arg : args) {
            assertFalse(
                    arg.contains("ConfigurationFiles") || arg.contains("ConfigurationResources"),
                    "configuration passed as an argument: " + arg);
            assertFalse(arg.contains(base), "an absolute path of this checkout: " + arg);
        }
    }

    @Test
    void theJniConfigurationTravelsInTheApplicationJar() throws IOException {
        List<String> args = args();
        int jar = args.indexOf("-jar");
        assertTrue(jar >= 0 && jar + 1 < args.size(), "native-image builds from the runner jar: " + args);
        String runner = args.get(jar + 1);
        assertFalse(Path.of(runner).isAbsolute(), "the runner jar is named relative to the sources folder");
        try (JarFile file = new JarFile(SOURCES.resolve(runner).toFile())) {
            var jni = file.getJarEntry(CONFIG + "jni-config.json");
            assertNotNull(jni, "the JNI configuration is in the jar under " + CONFIG);
            String json;
            try (InputStream in = file.getInputStream(jni)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String type : List.of(
                    "ai.onnxruntime.OnnxTensor",
                    "ai.onnxruntime.OrtSession$Result",
                    "ai.djl.huggingface.tokenizers.jni.TokenizersLibrary",
                    "ai.djl.huggingface.tokenizers.jni.CharSpan")) {
                assertTrue(json.contains("\"" + type + "\""), "JNI configuration registers " + type);
            }
            var properties = file.getJarEntry(CONFIG + "native-image.properties");
            assertNotNull(properties, "native-image.properties beside it");
            Properties p = new Properties();
            try (InputStream in = file.getInputStream(properties)) {
                p.load(in);
            }
            Set<String> packages =
                    runTimeInitialised(Arrays.asList(p.getProperty("Args", "").split("\\s+")));
            assertEquals(
                    Set.of("ai.onnxruntime", "ai.djl.huggingface.tokenizers.jni", "ai.djl.util.Platform"),
                    packages,
                    "the jar asks for run-time initialisation itself, for builds outside this pom");
        }
    }
}
