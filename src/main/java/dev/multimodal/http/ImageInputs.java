package dev.multimodal.http;

import dev.multimodal.admission.ImageAdmission;
import dev.multimodal.admission.ImageSource;
import dev.multimodal.config.ImageConfig;
import dev.multimodal.config.ImageUrlConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.EncodedImage;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.image.ImageLimits;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.StageTimes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The image of a request, from {@code image} (base64 or a data: URI) or {@code imageUrl} (when
 * turned on), decoded within the configured limits; and the per-stage timers image functions record.
 */
@ApplicationScoped
public class ImageInputs implements ImageSource {

    @Inject
    MmfConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Inject
    ImageAdmission admission;

    private ImageDecoder decoder;
    private ImageUrlFetcher fetcher;

    @PostConstruct
    void init() {
        ImageConfig image = config.image();
        decoder = new ImageDecoder(new ImageLimits(image.maxBytes(), admission.maxPixelsPerImage(), image.minSide()));
        ImageUrlConfig url = image.url();
        fetcher = InlineMedia.fetcher(vertx, url, Math.min(url.maxBytes(), image.maxBytes()));
    }

    @PreDestroy
    void close() {
        fetcher.close();
    }

    /**
     * Exactly one of {@code image} (its field named {@code imageField}) and {@code imageUrl};
     * blocking (a URL is fetched): call from a worker.
     */
    @Override
    public Supplier<DecodedImage> decoding(String image, String imageUrl, StageTimes times, String imageField) {
        ImageAdmission.Scope admitted = admission.scope(); // on the request's thread, where its end is known
        return () -> decode(image, imageUrl, times, imageField, admitted);
    }

    private DecodedImage decode(
            String image, String imageUrl, StageTimes times, String imageField, ImageAdmission.Scope admitted) {
        if (image == null && imageUrl == null) {
            throw InputException.badRequest(
                    imageField,
                    imageField + " is required: base64 or a " + "data:image/...;base64, URI"
                            + (config.image().url().enabled() ? " (or imageUrl)" : ""));
        }
        if (image != null && imageUrl != null) {
            throw InputException.badRequest("imageUrl", "send " + imageField + " or imageUrl, not both");
        }
        admitted.requireRoom();
        EncodedImage encoded = image != null
                ? EncodedImage.fromBase64(image, imageField, config.image().maxBytes())
                : fetcher.fetch(imageUrl, "imageUrl");
        String field = image != null ? imageField : "imageUrl";
        return times.time("decode", () -> decoder.decode(encoded, field, admitted));
    }

    /** Stage times of one function, as the histogram {@code mmf.image.stage}{function, stage}. */
    @Override
    public StageTimes times(String function) {
        return (stage, nanos) -> Timer.builder("mmf.image.stage")
                .description("CPU time an image request spent in a stage outside the model")
                .tag("function", function)
                .tag("stage", stage)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
