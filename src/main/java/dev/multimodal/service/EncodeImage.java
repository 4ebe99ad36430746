package dev.multimodal.service;

import dev.multimodal.admission.ImageSource;
import dev.multimodal.api.EncodeImageRequest;
import dev.multimodal.api.EncodeImageResponse;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.vision.ImageEncoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** encode-image: an image → its vector, with the named image model or the default one. */
@Singleton
public final class EncodeImage {

    private final ModelService models;
    private final ImageSource images;
    private final Executor blocking;

    public EncodeImage(ModelService models, ImageSource images, Executor blocking) {
        this.models = models;
        this.images = images;
        this.blocking = blocking;
    }

    @Inject
    EncodeImage(ModelService models, ImageSource images, UseCaseThreads threads) {
        this(models, images, threads.blocking());
    }

    public CompletableFuture<EncodeImageResponse> run(EncodeImageRequest request, String operation) {
        return Async.guarded(() -> {
            EncodeImageRequest r = request == null ? new EncodeImageRequest(null, null, null) : request;
            ImageEncoder encoder = models.imageEncoder(r.model());
            StageTimes times = images.times(operation);
            return Async.blocking(blocking, images.decoding(r.image(), r.imageUrl(), times, "image"))
                    .thenCompose(image -> encoder.encode(image, times)
                            .thenApply(e -> new EncodeImageResponse(
                                    encoder.id(),
                                    encoder.version(),
                                    encoder.family(),
                                    e.space(),
                                    e.vector().length,
                                    e.vector(),
                                    e.text(),
                                    image.width(),
                                    image.height())));
        });
    }
}
