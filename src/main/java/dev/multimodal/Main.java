package dev.multimodal;

import dev.multimodal.service.EarlyModels;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The service's entry point. Before Quarkus starts it points ONNX Runtime at the native libraries
 * unpacked beside the application at package time (so that ONNX Runtime does not inflate them from
 * its jar at every start), and begins loading the models on a thread of their own, so that a cold
 * start overlaps the two ({@link EarlyModels}); then Quarkus runs until it is told to stop.
 */
@QuarkusMain
public class Main {

    /** Where the build unpacks ONNX Runtime's natives, relative to the folder of {@code quarkus-run.jar}. */
    static final String ORT_NATIVES = "native/onnxruntime/ai/onnxruntime/native";

    public static void main(String... args) {
        useUnpackedOnnxRuntime();
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
        String classPath = System.getProperty("java.class.path", "");
        String first = classPath.split(java.io.File.pathSeparator)[0];
        if (first.isEmpty()) {
            return;
        }
        Path app = Path.of(first).toAbsolutePath().getParent();
        Path natives = app == null ? null : app.resolve(ORT_NATIVES).resolve(platform());
        if (natives != null && Files.isRegularFile(natives.resolve(System.mapLibraryName("onnxruntime")))
                && Files.isRegularFile(natives.resolve(System.mapLibraryName("onnxruntime4j_jni")))) {
            System.setProperty("onnxruntime.native.path", natives.toString());
        }
    }

    /** ONNX Runtime's name for this platform's folder in its jar: linux-x64, linux-aarch64, osx-x64... */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        String o = os.contains("mac") ? "osx" : os.contains("win") ? "win" : "linux";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch;
        return o + "-" + a;
    }
}
