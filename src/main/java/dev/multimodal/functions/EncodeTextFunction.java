package dev.multimodal.functions;

import dev.multimodal.api.EncodeTextRequest;
import dev.multimodal.api.EncodeTextResponse;
import dev.multimodal.service.EncodeTexts;
import dev.multimodal.service.RefusalsAsResults;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code encode-text}: texts → vectors of one text model. Over HTTP ({@code POST /encode-text}) and as a CloudEvent. */
@RefusalsAsResults
public class EncodeTextFunction {

    @Inject
    EncodeTexts useCase;

    @Funq("encode-text")
    public Uni<EncodeTextResponse> encodeText(EncodeTextRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
