package dev.multimodal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import dev.multimodal.TestModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Provider choice on a machine without a GPU (CI): auto falls back, cuda refuses, cpu just runs.
 * Holds with either jar: the CPU jar has no CUDA provider, the gpu profile's jar has one that
 * cannot start without CUDA libraries and a device.
 */
class OnnxRuntimeHostTest {

    private final Path model = TestModels.DIR.resolve(TestModels.INT8).resolve("model.onnx");
    private final OnnxRuntimeHost host = TestModels.host();

    @Test
    void autoFallsBackToCpuAndSaysWhy() throws Exception {
        try (LoadedSession session =
                host.open("m", model, SessionSettings.cpuDefaults().withProvider(ExecutionProvider.AUTO))) {
            assertEquals(ExecutionProvider.CPU, session.provider());
            assertNotNull(session.fallbackReason());
            assertTrue(session.session().getInputNames().contains("input_ids"));
        }
    }

    @Test
    void cudaRequiredFailsWithAMessageThatSaysWhatToDo() {
        OrtException e = assertThrows(
                OrtException.class,
                () -> host.open("m", model, SessionSettings.cpuDefaults().withProvider(ExecutionProvider.CUDA)));
        assertTrue(e.getMessage().contains("mmf.runtime.provider=cuda"), e.getMessage());
        System.out.println("ONNX Runtime build with CUDA provider: " + OnnxRuntimeHost.cudaBuild()
                + "; CUDA refused with: " + e.getMessage());
    }

    @Test
    void cpuOpensWithTheConfiguredOptions() throws Exception {
        SessionSettings settings =
                new SessionSettings(ExecutionProvider.CPU, 0, 1, 1, OptimizationLevel.BASIC, false, false, true);
        try (LoadedSession session = host.open("m", model, settings)) {
            assertEquals(ExecutionProvider.CPU, session.provider());
            assertNull(session.fallbackReason());
        }
    }

    @Test
    void exactlyOneOnnxRuntimeJarIsOnTheClasspath() throws Exception {
        var copies = java.util.Collections.list(
                getClass().getClassLoader().getResources("ai/onnxruntime/OrtEnvironment.class"));
        assertEquals(1, copies.size(), "ONNX Runtime classes found in " + copies);
    }

    @Test
    void badSettingsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> ExecutionProvider.parse("tpu"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> OptimizationLevel.parse("turbo"));
        assertTrue(e.getMessage().contains("turbo"));
    }
}
