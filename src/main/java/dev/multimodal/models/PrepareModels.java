package dev.multimodal.models;

import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.OptimizationLevel;
import dev.multimodal.runtime.SessionSettings;
import java.nio.file.Path;
import java.util.Set;

/**
 * Readies a models folder for fast starts: hashes every installed model's files once (leaving the
 * {@code .verified} records) and saves each graph optimised for this machine's CPU. Run it where the
 * service will run, e.g. in the init container that fills a models volume on the pod's node; the
 * service then neither hashes nor optimises, even from a read-only mount.
 * <pre>java -cp ... dev.multimodal.models.PrepareModels [--dir models] [--optimization-level all]</pre>
 */
public final class PrepareModels {

    private PrepareModels() {}

    public static void main(String[] args) {
        Path dir = Path.of("models");
        String level = "all";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--optimization-level" -> level = args[i + 1];
                default -> {
                    System.err.println("usage: PrepareModels [--dir models] [--optimization-level all]");
                    System.exit(2);
                }
            }
        }
        System.exit(prepare(dir, level));
    }

    /** 0 when every installed model verified and opened, 1 otherwise. */
    static int prepare(Path dir, String level) {
        SessionSettings settings = new SessionSettings(
                SessionSettings.cpuDefaults().provider(),
                0,
                1,
                1,
                OptimizationLevel.parse(level),
                true,
                true,
                false,
                true);
        try (ModelRepository repository =
                ModelRepository.load(dir, Set.of(), ChecksumMode.CACHED, new OnnxRuntimeHost(), settings)) {
            int failed = 0;
            for (ModelStatus status : repository.statuses()) {
                System.out.println("prepare-models: " + status.id()
                        + switch (status.state()) {
                            case LOADING, READY -> ": verified, graphs saved";
                            case NOT_INSTALLED -> ": not installed";
                            case FAILED -> ": " + status.error();
                        });
                if (status.state() == ModelStatus.State.FAILED) {
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }
}
