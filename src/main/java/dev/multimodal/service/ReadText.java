package dev.multimodal.service;

import dev.multimodal.admission.ImageSource;
import dev.multimodal.api.ReadTextRequest;
import dev.multimodal.api.ReadTextResponse;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrLine;
import dev.multimodal.ocr.OcrResult;
import dev.multimodal.registry.ModelService;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.runtime.StageTimes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** read-text: an image → its lines of text, and the text of an image sent as a document. */
@Singleton
public final class ReadText {

    private final ModelService models;
    private final ImageSource images;
    private final Executor blocking;
    private final Supplier<Cancellation> cancellation;

    public ReadText(ModelService models, ImageSource images, Executor blocking) {
        this(models, images, blocking, Cancellation::none);
    }

    /** @param cancellation the current request's cancellation, taken on the request's thread */
    public ReadText(ModelService models, ImageSource images, Executor blocking, Supplier<Cancellation> cancellation) {
        this.models = models;
        this.images = images;
        this.blocking = blocking;
        this.cancellation = cancellation;
    }

    @Inject
    ReadText(ModelService models, ImageSource images, UseCaseThreads threads, RequestCancellation cancellation) {
        this(models, images, threads.blocking(), cancellation);
    }

    public CompletableFuture<ReadTextResponse> run(ReadTextRequest request) {
        Cancellation cancel = Cancellation.childOf(cancellation.get());
        return Async.forCaller(cancel, Async.guarded(() -> {
            ReadTextRequest r = request == null ? new ReadTextRequest(null, null, null) : request;
            OcrEngine engine = models.ocrEngine(r.model());
            StageTimes times = images.times("read-text");
            return Async.blocking(blocking, images.decoding(r.image(), r.imageUrl(), times, "image"))
                    .thenCompose(image ->
                            engine.read(image, times, cancel).thenApply(result -> respond(engine, image, result)));
        }));
    }

    /** The text of an image sent in {@code field} (a document as an image), with the configured OCR model. */
    public CompletableFuture<String> textOf(String image, String field, String operation) {
        Cancellation cancel = cancellation.get();
        return Async.guarded(() -> {
            OcrEngine engine = models.ocrEngine(null);
            StageTimes times = images.times(operation);
            return Async.blocking(blocking, images.decoding(image, null, times, field))
                    .thenCompose(decoded -> engine.read(decoded, times, cancel))
                    .thenApply(OcrResult::text);
        });
    }

    private static ReadTextResponse respond(OcrEngine engine, DecodedImage image, OcrResult result) {
        return new ReadTextResponse(
                engine.manifest().id(),
                engine.manifest().version(),
                result.text(),
                result.lines().stream().map(ReadText::line).toList(),
                image.width(),
                image.height());
    }

    private static ReadTextResponse.Line line(OcrLine line) {
        return new ReadTextResponse.Line(
                line.text(), line.confidence(), line.box(), line.rotated(), line.block(), line.column(), line.index());
    }
}
