package dev.multimodal.startup;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The service's entry point. Before Quarkus starts it points ONNX Runtime and the tokenizers at the
 * native libraries unpacked beside the application at package time (so that neither copies them out
 * of its jar at a pod's every start), and begins loading the models on a thread of their own, so
 * that a cold start overlaps the two ({@link EarlyModels}); then Quarkus runs until it is told to stop.
 */
@QuarkusMain
public class Main {

    /** Where the build unpacks ONNX Runtime's natives, relative to the folder of {@code quarkus-run.jar}. */
    static final String ORT_NATIVES = "native/onnxruntime/ai/onnxruntime/native";

    /** Where the build unpacks the tokenizers' Rust library (DJL's layout: {@code <platform>/cpu/}). */
    static final String TOKENIZERS_NATIVES = "native/tokenizers/native/lib";

    /** DJL's setting (environment variable or system property) for a tokenizers library to load as is. */
    static final String RUST_LIBRARY_PATH = "RUST_LIBRARY_PATH";

    public static void main(String... args) {
        useUnpackedOnnxRuntime();
        useUnpackedTokenizers();
        EarlyModels.begin();
        Quarkus.run(args);
    }

    /**
     * Sets {@code onnxruntime.native.path} to the unpacked libraries for this platform when they are
     * there and nobody set it; otherwise ONNX Runtime loads from its jar as usual.
     */
    static void useUnpackedOnnxRuntime() {
        if (System.getProperty("onnxruntime.native.path") != null) {
            return;
        }
        Path app = applicationFolder();
        Path natives = app == null ? null : app.resolve(ORT_NATIVES).resolve(platform());
        if (natives != null
                && Files.isRegularFile(natives.resolve(System.mapLibraryName("onnxruntime")))
                && Files.isRegularFile(natives.resolve(System.mapLibraryName("onnxruntime4j_jni")))) {
            System.setProperty("onnxruntime.native.path", natives.toString());
        }
    }

    /**
     * Sets {@code RUST_LIBRARY_PATH} to the unpacked tokenizers library for this platform when it is
     * there and nobody set it (as a variable or a property); otherwise DJL copies the library out of
     * its jar into its cache folder ({@code ~/.djl.ai}), which a fresh pod does at every start.
     */
    static void useUnpackedTokenizers() {
        if (System.getenv(RUST_LIBRARY_PATH) != null || System.getProperty(RUST_LIBRARY_PATH) != null) {
            return;
        }
        Path app = applicationFolder();
        Path library = app == null
                ? null
                : app.resolve(TOKENIZERS_NATIVES)
                        .resolve(djlPlatform())
                        .resolve("cpu")
                        .resolve(System.mapLibraryName("tokenizers"));
        if (library != null && Files.isRegularFile(library)) {
            System.setProperty(RUST_LIBRARY_PATH, library.toString());
        }
    }

    /** The folder of the jar first on the class path ({@code quarkus-run.jar}'s), or null. */
    private static Path applicationFolder() {
        String classPath = System.getProperty("java.class.path", "");
        String first = classPath.split(File.pathSeparator)[0];
        return first.isEmpty() ? null : Path.of(first).toAbsolutePath().getParent();
    }

    /** DJL's name for this platform's folder in the tokenizers jar: linux-x86_64, linux-aarch64... */
    static String djlPlatform() {
        return platform("x86_64");
    }

    /** ONNX Runtime's name for this platform's folder in its jar: linux-x64, linux-aarch64, osx-x64... */
    static String platform() {
        return platform("x64");
    }

    /** {@code <os>-<arch>}, the 64-bit x86 architecture spelled {@code x86Name}: the two jars differ there. */
    private static String platform(String x86Name) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") ? "osx" : os.contains("win") ? "win" : "linux";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? x86Name : arch;
        return o + "-" + a;
    }
}
