package dev.multimodal.functions;

import dev.multimodal.api.EncodeAudioRequest;
import dev.multimodal.api.EncodeAudioResponse;
import dev.multimodal.service.EncodeAudio;
import dev.multimodal.service.RefusalsAsResults;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code encode-audio}: a recording → a vector (asr-text). Over HTTP ({@code POST /encode-audio}) and as a CloudEvent. */
@RefusalsAsResults
public class EncodeAudioFunction {

    @Inject
    EncodeAudio useCase;

    @Funq("encode-audio")
    public Uni<EncodeAudioResponse> encodeAudio(EncodeAudioRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
