package dev.multimodal.functions;

import dev.multimodal.api.EncodeVideoRequest;
import dev.multimodal.api.EncodeVideoResponse;
import dev.multimodal.service.EncodeVideo;
import dev.multimodal.service.RefusalsAsResults;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code encode-video}: a clip → a vector per shot, one for the clip, and the transcript's. Over HTTP and as a CloudEvent. */
@RefusalsAsResults
public class EncodeVideoFunction {

    @Inject
    EncodeVideo useCase;

    @Funq("encode-video")
    public Uni<EncodeVideoResponse> encodeVideo(EncodeVideoRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
