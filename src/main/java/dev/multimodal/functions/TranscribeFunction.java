package dev.multimodal.functions;

import dev.multimodal.api.TranscribeRequest;
import dev.multimodal.api.TranscribeResponse;
import dev.multimodal.service.RefusalsAsResults;
import dev.multimodal.service.Transcribe;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code transcribe}: a recording → what was said. Over HTTP ({@code POST /transcribe}) and as a CloudEvent. */
@RefusalsAsResults
public class TranscribeFunction {

    @Inject
    Transcribe useCase;

    @Funq("transcribe")
    public Uni<TranscribeResponse> transcribe(TranscribeRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
