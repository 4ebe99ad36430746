package dev.multimodal.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entry point points ONNX Runtime and the tokenizers at the natives unpacked beside the
 * application, and only there.
 */
class MainTest {

    private final String classPath = System.getProperty("java.class.path");

    @AfterEach
    void restore() {
        System.setProperty("java.class.path", classPath);
        System.clearProperty("onnxruntime.native.path"); // never leave fake libraries for a later test to load
        System.clearProperty(Main.RUST_LIBRARY_PATH);
    }

    @Test
    void theUnpackedTokenizersLibraryBesideTheJarIsUsed(@TempDir Path app) throws Exception {
        Path library = fakeTokenizersLibrary(app);
        System.setProperty("java.class.path", app.resolve("quarkus-run.jar").toString());
        Main.useUnpackedTokenizers();
        assertEquals(library.toString(), System.getProperty(Main.RUST_LIBRARY_PATH));
    }

    @Test
    void withoutAnUnpackedTokenizersLibraryDjlUnpacksItsOwn(@TempDir Path app) {
        System.setProperty("java.class.path", app.resolve("quarkus-run.jar").toString());
        Main.useUnpackedTokenizers();
        assertNull(System.getProperty(Main.RUST_LIBRARY_PATH));
    }

    @Test
    void aTokenizersLibrarySetByTheOperatorWins(@TempDir Path app) throws Exception {
        Path library = fakeTokenizersLibrary(app);
        System.setProperty(Main.RUST_LIBRARY_PATH, "/opt/tokenizers/libtokenizers.so");
        System.setProperty("java.class.path", app.resolve("quarkus-run.jar").toString());
        Main.useUnpackedTokenizers();
        assertEquals("/opt/tokenizers/libtokenizers.so", System.getProperty(Main.RUST_LIBRARY_PATH));
    }

    /** An empty file where the build unpacks the tokenizers' library for this platform. */
    private static Path fakeTokenizersLibrary(Path app) throws java.io.IOException {
        Path library = app.resolve(Main.TOKENIZERS_NATIVES)
                .resolve(Main.djlPlatform())
                .resolve("cpu")
                .resolve(System.mapLibraryName("tokenizers"));
        Files.createDirectories(library.getParent());
        Files.writeString(library, "");
        return library;
    }

    @Test
    void theTokenizersPlatformIsNamedAsInDjlsJar() {
        if (System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").equals("amd64")) {
            assertEquals("linux-x86_64", Main.djlPlatform());
        }
        assertTrue(Main.djlPlatform().matches("(linux|osx|win)-[a-z0-9_]+"), Main.djlPlatform());
    }

    @Test
    void theUnpackedNativesBesideTheJarAreUsed(@TempDir Path app) throws Exception {
        Path natives = app.resolve(Main.ORT_NATIVES).resolve(Main.platform());
        Files.createDirectories(natives);
        Files.writeString(natives.resolve(System.mapLibraryName("onnxruntime")), "");
        Files.writeString(natives.resolve(System.mapLibraryName("onnxruntime4j_jni")), "");
        System.setProperty("java.class.path", app.resolve("quarkus-run.jar").toString());
        Main.useUnpackedOnnxRuntime();
        assertEquals(natives.toString(), System.getProperty("onnxruntime.native.path"));
    }

    @Test
    void withoutBothLibrariesOnnxRuntimeLoadsFromItsJar(@TempDir Path app) throws Exception {
        Path natives = app.resolve(Main.ORT_NATIVES).resolve(Main.platform());
        Files.createDirectories(natives);
        Files.writeString(natives.resolve(System.mapLibraryName("onnxruntime")), "");
        System.setProperty("java.class.path", app.resolve("quarkus-run.jar").toString());
        Main.useUnpackedOnnxRuntime();
        assertNull(System.getProperty("onnxruntime.native.path"));
    }

    @Test
    void aPathSetByTheOperatorWins(@TempDir Path app) {
        System.setProperty("onnxruntime.native.path", "/opt/ort");
        System.setProperty("java.class.path", app.resolve("quarkus-run.jar").toString());
        Main.useUnpackedOnnxRuntime();
        assertEquals("/opt/ort", System.getProperty("onnxruntime.native.path"));
    }

    @Test
    void thePlatformIsNamedAsInOnnxRuntimesJar() {
        String platform = Main.platform();
        assertTrue(platform.matches("(linux|osx|win)-[a-z0-9_]+"), platform);
        if (System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").equals("amd64")) {
            assertEquals("linux-x64", platform);
        }
    }
}
