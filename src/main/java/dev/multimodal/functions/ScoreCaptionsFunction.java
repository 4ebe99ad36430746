package dev.multimodal.functions;

import dev.multimodal.api.ScoreCaptionsRequest;
import dev.multimodal.api.ScoreCaptionsResponse;
import dev.multimodal.service.RefusalsAsResults;
import dev.multimodal.service.ScoreCaptions;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code score-captions}: an image and captions or labels → the captions ranked in the image model's space. Over HTTP ({@code POST /score-captions}) and as a CloudEvent. */
@RefusalsAsResults
public class ScoreCaptionsFunction {

    @Inject
    ScoreCaptions useCase;

    @Funq("score-captions")
    public Uni<ScoreCaptionsResponse> scoreCaptions(ScoreCaptionsRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
