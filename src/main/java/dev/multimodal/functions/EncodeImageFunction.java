package dev.multimodal.functions;

import dev.multimodal.api.EncodeImageRequest;
import dev.multimodal.api.EncodeImageResponse;
import dev.multimodal.service.EncodeImage;
import dev.multimodal.service.RefusalsAsResults;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code encode-image}: an image → its vector. Over HTTP ({@code POST /encode-image}) and as a CloudEvent. */
@RefusalsAsResults
public class EncodeImageFunction {

    @Inject
    EncodeImage useCase;

    @Funq("encode-image")
    public Uni<EncodeImageResponse> encodeImage(EncodeImageRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request, "encode-image"));
    }
}
