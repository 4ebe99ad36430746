package dev.multimodal.functions;

import dev.multimodal.functions.api.ReadTextRequest;
import dev.multimodal.functions.api.ReadTextResponse;
import dev.multimodal.service.ImageInputs;
import dev.multimodal.service.ModelService;

import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrLine;
import dev.multimodal.runtime.StageTimes;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.List;

/** {@code read-text}: an image → its lines of text (OCR), over HTTP ({@code POST /read-text}) and as a CloudEvent. */
@RefusalsAsResults
public class ReadTextFunction {

    @Inject
    ModelService models;

    @Inject
    ImageInputs images;

    @Funq("read-text")
    public Uni<ReadTextResponse> readText(ReadTextRequest request) {
        ReadTextRequest r = request == null ? new ReadTextRequest(null, null, null) : request;
        OcrEngine engine = models.ocrEngine(r.model());
        StageTimes times = images.times("read-text");
        return images.decodeOnWorker(r.image(), r.imageUrl(), times, "image")
                .chain(image -> Uni.createFrom().completionStage(() -> engine.read(image, times))
                        .map(result -> {
                            List<ReadTextResponse.Line> lines = result.lines().stream().map(ReadTextFunction::line).toList();
                            return new ReadTextResponse(engine.manifest().id(), engine.manifest().version(),
                                    result.text(), lines, image.width(), image.height());
                        }));
    }

    private static ReadTextResponse.Line line(OcrLine line) {
        return new ReadTextResponse.Line(line.text(), line.confidence(), line.box(), line.rotated());
    }
}
