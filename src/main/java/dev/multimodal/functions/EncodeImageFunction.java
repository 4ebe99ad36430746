package dev.multimodal.functions;

import dev.multimodal.functions.api.EncodeImageRequest;
import dev.multimodal.functions.api.EncodeImageResponse;
import dev.multimodal.service.ImageInputs;
import dev.multimodal.service.ModelService;

import dev.multimodal.vision.ImageEncoder;
import dev.multimodal.runtime.StageTimes;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code encode-image}: an image → its vector, over HTTP ({@code POST /encode-image}) and as a CloudEvent. */
@RefusalsAsResults
public class EncodeImageFunction {

    @Inject
    ModelService models;

    @Inject
    ImageInputs images;

    @Funq("encode-image")
    public Uni<EncodeImageResponse> encodeImage(EncodeImageRequest request) {
        EncodeImageRequest r = request == null ? new EncodeImageRequest(null, null, null) : request;
        ImageEncoder encoder = models.imageEncoder(r.model());
        StageTimes times = images.times("encode-image");
        // decoding (and fetching a URL) is blocking work: off the event loop, onto a worker
        return images.decodeOnWorker(r.image(), r.imageUrl(), times, "image")
                .chain(image -> Uni.createFrom().completionStage(() -> encoder.encode(image, times))
                        .map(embedding -> new EncodeImageResponse(encoder.id(), encoder.version(), encoder.family(),
                                embedding.space(), embedding.vector().length, embedding.vector(),
                                embedding.ocr() == null ? null : embedding.ocr().text(), image.width(), image.height())));
    }
}
