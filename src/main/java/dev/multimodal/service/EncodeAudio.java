package dev.multimodal.service;

import dev.multimodal.api.EncodeAudioRequest;
import dev.multimodal.api.EncodeAudioResponse;
import dev.multimodal.api.Overflow;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.refusal.InputException;
import dev.multimodal.registry.ModelService;
import dev.multimodal.text.TextEncoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * encode-audio: a recording → a vector. Family {@code asr-text}: what was said (transcribe) encoded by
 * the default text model, so the vector is comparable with encode-text's, as ocr-text is for images.
 * A long transcript is averaged over windows rather than cut, so all of it counts.
 */
@Singleton
public final class EncodeAudio {

    public static final String ASR_TEXT = "asr-text";

    private final ModelService models;
    private final AudioSource source;
    private final Transcribe transcribe;

    @Inject
    public EncodeAudio(ModelService models, AudioSource source, Transcribe transcribe) {
        this.models = models;
        this.source = source;
        this.transcribe = transcribe;
    }

    public CompletableFuture<EncodeAudioResponse> run(EncodeAudioRequest request) {
        return Async.guarded(() -> {
            EncodeAudioRequest r = request == null ? new EncodeAudioRequest(null, null, null) : request;
            if (r.model() != null && !r.model().equals(ASR_TEXT)) {
                throw InputException.unprocessable(
                        "model", "unknown audio encoder '" + r.model() + "'; audio encoders: [" + ASR_TEXT + "]");
            }
            TextEncoder text = models.textEncoder(null);
            String field = r.audio() != null || r.audioUrl() == null ? "audio" : "audioUrl";
            return transcribe
                    .transcribe(() -> source.bytes(r.audio(), r.audioUrl(), "audio"), field, null, null, null)
                    .thenCompose(transcript -> {
                        if (transcript.text().isBlank()) {
                            throw InputException.unprocessable(
                                    field,
                                    "no speech was heard in the recording, so " + "asr-text has no text to encode");
                        }
                        return text.encode(List.of(transcript.text()), Overflow.AVERAGE)
                                .thenApply(e -> {
                                    ModelManifest m = text.manifest();
                                    float[] vector = e.get(0).vector();
                                    return new EncodeAudioResponse(
                                            ASR_TEXT,
                                            transcript.version() + "+" + m.version(),
                                            ASR_TEXT,
                                            m.id(),
                                            vector.length,
                                            vector,
                                            "the transcript by " + transcript.model() + " " + transcript.version()
                                                    + ", encoded by " + m.id() + " " + m.version(),
                                            transcript.text(),
                                            transcript.duration());
                                });
                    });
        });
    }
}
