package dev.multimodal.startup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * After packaging: ONNX Runtime's natives and the tokenizers' library are beside the application,
 * where {@link Main} points them, in every package (the dependency plugin's marker from an earlier build once made
 * it skip the unpacking after Quarkus had rewritten target/quarkus-app).
 */
class PackagedNativesIT {

    @Test
    void thePackagedApplicationCarriesOnnxRuntimesNativesForThisPlatform() {
        Path natives = Path.of("target/quarkus-app").resolve(Main.ORT_NATIVES).resolve(Main.platform());
        for (String library : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
            Path file = natives.resolve(System.mapLibraryName(library));
            assertTrue(Files.isRegularFile(file), file + " is missing");
        }
    }

    @Test
    void thePackagedApplicationCarriesTheTokenizersLibraryForEveryLinuxPlatform() {
        Path natives = Path.of("target/quarkus-app").resolve(Main.TOKENIZERS_NATIVES);
        for (String platform : new String[] {"linux-x86_64", "linux-aarch64"}) {
            Path file = natives.resolve(platform).resolve("cpu").resolve("libtokenizers.so");
            assertTrue(Files.isRegularFile(file), file + " is missing");
        }
    }
}
