package dev.multimodal.functions;

import dev.multimodal.api.PredictRequest;
import dev.multimodal.api.PredictResponse;
import dev.multimodal.service.Predict;
import dev.multimodal.service.RefusalsAsResults;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code predict}: a vector, text or image → what a trained head says of it. Over HTTP ({@code POST /predict}) and as a CloudEvent. */
@RefusalsAsResults
public class PredictFunction {

    @Inject
    Predict useCase;

    @Funq("predict")
    public Uni<PredictResponse> predict(PredictRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
