package dev.multimodal.functions;

import dev.multimodal.api.ReadTextRequest;
import dev.multimodal.api.ReadTextResponse;
import dev.multimodal.service.ReadText;
import dev.multimodal.service.RefusalsAsResults;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code read-text}: an image → its lines of text (OCR). Over HTTP ({@code POST /read-text}) and as a CloudEvent. */
@RefusalsAsResults
public class ReadTextFunction {

    @Inject
    ReadText useCase;

    @Funq("read-text")
    public Uni<ReadTextResponse> readText(ReadTextRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
