package dev.multimodal.functions;

import dev.multimodal.api.ReadVideoRequest;
import dev.multimodal.api.ReadVideoResponse;
import dev.multimodal.service.ReadVideo;
import dev.multimodal.service.RefusalsAsResults;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code read-video}: a clip → the text on screen shot by shot, and what is said. Over HTTP and as a CloudEvent. */
@RefusalsAsResults
public class ReadVideoFunction {

    @Inject
    ReadVideo useCase;

    @Funq("read-video")
    public Uni<ReadVideoResponse> readVideo(ReadVideoRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
