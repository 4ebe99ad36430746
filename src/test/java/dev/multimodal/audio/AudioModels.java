package dev.multimodal.audio;

import dev.multimodal.TestModels;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.runtime.SessionSettings;
import java.util.Set;

/** The bundled audio models (fetched by the build), loaded once for the audio tests. */
public final class AudioModels {

    public static final String VAD = "silero-vad-v5";
    public static final String ASR = "sphinx4-en-us";

    private static ModelRepository repository;
    private static VoiceActivityDetector vad;
    private static Sphinx4Recognizer asr;

    private AudioModels() {}

    static synchronized ModelRepository repository() {
        if (repository == null) {
            repository = ModelRepository.load(
                    TestModels.DIR, Set.of(VAD, ASR), true, TestModels.host(), SessionSettings.cpuDefaults());
            if (repository.loaded().size() != 2) {
                throw new IllegalStateException(
                        "audio models missing; run ./mvnw process-classes: " + repository.statuses());
            }
        }
        return repository;
    }

    public static synchronized VoiceActivityDetector vad() {
        if (vad == null) {
            try {
                vad = new VoiceActivityDetector(
                        repository().get(VAD).orElseThrow(), TestModels.host().environment());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return vad;
    }

    public static synchronized Sphinx4Recognizer asr() {
        if (asr == null) {
            asr = new Sphinx4Recognizer(repository().get(ASR).orElseThrow().manifest());
        }
        return asr;
    }

    /** Word error rate of {@code hypothesis} against {@code reference}: edits over reference words. */
    public static double wer(String reference, String hypothesis) {
        String[] r = words(reference);
        String[] h = words(hypothesis);
        int[][] d = new int[r.length + 1][h.length + 1];
        for (int i = 0; i <= r.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= h.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= r.length; i++) {
            for (int j = 1; j <= h.length; j++) {
                int substitute = d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1);
                d[i][j] = Math.min(substitute, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        return d[r.length][h.length] / (double) Math.max(1, r.length);
    }

    private static String[] words(String text) {
        String clean = text.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z' ]", " ")
                .trim();
        return clean.isEmpty() ? new String[0] : clean.split("\\s+");
    }
}
