package dev.multimodal.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every image runs the service with glibc's malloc as the 1 GiB profile measured it: two arenas, and
 * a fixed mmap threshold, without which the blocks ONNX Runtime's arenas give back after a large run
 * (mmf.runtime.arena-shrink-bytes) stay in glibc's free lists and RSS does not fall (docs/hostile.md).
 */
class ImageEnvironmentTest {

    @Test
    void everyImageSetsTheMallocSettingsTheMemoryProfileWasMeasuredWith() throws Exception {
        for (String image : List.of("Dockerfile.jvm", "Dockerfile.jvm-aot", "Dockerfile.native", "Dockerfile.cuda")) {
            String text = Files.readString(Path.of("src/main/docker", image));
            boolean set = text.lines()
                    .filter(l -> l.startsWith("ENV "))
                    .anyMatch(l -> l.contains("MALLOC_ARENA_MAX=2") && l.contains("MALLOC_MMAP_THRESHOLD_=4194304"));
            assertTrue(set, image + " sets MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_=4194304");
        }
    }

    /** run-java.sh would otherwise size the heap by its own default, not the one the 1 GiB profile measured. */
    @Test
    void theJvmImagePinsTheHeapRatioTheMemoryProfileWasMeasuredWith() throws Exception {
        String text = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        assertTrue(text.lines().anyMatch(l -> l.equals("ENV JAVA_MAX_MEM_RATIO=25")), "Dockerfile.jvm pins the heap");
    }
}
