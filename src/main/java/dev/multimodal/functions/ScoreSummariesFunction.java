package dev.multimodal.functions;

import dev.multimodal.api.ScoreSummariesRequest;
import dev.multimodal.api.ScoreSummariesResponse;
import dev.multimodal.service.RefusalsAsResults;
import dev.multimodal.service.ScoreSummaries;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code score-summaries}: a document and candidate summaries → the summaries ranked by F1. Over HTTP ({@code POST /score-summaries}) and as a CloudEvent. */
@RefusalsAsResults
public class ScoreSummariesFunction {

    @Inject
    ScoreSummaries useCase;

    @Funq("score-summaries")
    public Uni<ScoreSummariesResponse> scoreSummaries(ScoreSummariesRequest request) {
        return Uni.createFrom().completionStage(() -> useCase.run(request));
    }
}
