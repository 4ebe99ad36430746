package dev.multimodal.lambda;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** One function per Lambda, as deployed: the export and only the models it loads. */
abstract class Export implements QuarkusTestProfile {

    private final String function;
    private final String models;

    Export(String function, String models) {
        this.function = function;
        this.models = models;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", function, "mmf.models.include", models);
    }

    public static class EncodeText extends Export {
        public EncodeText() {
            super("encode-text", "all-minilm-l6-v2-q");
        }
    }

    public static class Fuse extends Export {
        public Fuse() {
            super("fuse", "all-minilm-l6-v2-q");
        }
    }

    public static class ReadText extends Export {
        public ReadText() {
            super("read-text", "pp-ocrv4");
        }
    }
}
