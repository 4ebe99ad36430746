package dev.multimodal.functions;

import dev.multimodal.api.FuseRequest;
import dev.multimodal.api.FuseResponse;
import dev.multimodal.service.Fuse;
import dev.multimodal.service.RefusalsAsResults;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code fuse}: parts (vectors, texts, images) → one vector. Over HTTP ({@code POST /fuse}) and as a CloudEvent. */
@RefusalsAsResults
public class FuseFunction {

    @Inject
    Fuse useCase;

    @Funq("fuse")
    public Uni<FuseResponse> fuse(FuseRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
