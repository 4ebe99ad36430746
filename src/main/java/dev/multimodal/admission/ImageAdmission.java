package dev.multimodal.admission;

import dev.multimodal.config.ImageConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.runtime.CostBudget;
import dev.multimodal.runtime.MemoryAccount;
import dev.multimodal.runtime.MemoryShare;
import dev.multimodal.settings.Keys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Admission of image requests by their decoded pixels ({@code mmf.image.max-pixels-in-flight}, by
 * default derived from the memory the process has: {@link MemoryShare}):
 * an image is admitted from its header, before it is decoded, and its pixels count until its
 * request's answer has been sent. One that does not fit is refused at once with a 503.
 */
@ApplicationScoped
public class ImageAdmission {

    @Inject
    MmfConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    CurrentVertxRequest currentRequest;

    private CostBudget pixels;
    private long maxPixelsPerImage;

    @PostConstruct
    void init() {
        ImageConfig image = config.image();
        long budget = image.maxPixelsInFlight()
                .orElseGet(() -> MemoryShare.ofThisProcess().pixels());
        // a derived budget is what the memory holds: an image past it could never be decoded safely
        maxPixelsPerImage =
                image.maxPixelsInFlight().isPresent() ? image.maxPixels() : Math.min(image.maxPixels(), budget);
        pixels = new CostBudget(
                "the image service",
                "decoded pixels",
                Keys.IMAGE_MAX_PIXELS_IN_FLIGHT,
                budget,
                config.batch().retryAfterSeconds(),
                MemoryAccount.ofThisProcess(),
                MemoryShare.BYTES_PER_PIXEL);
        Gauge.builder("mmf.image.pixels.in.flight", pixels, CostBudget::inFlight)
                .description("Decoded pixels of the image requests in flight")
                .register(registry);
    }

    /**
     * The admission of the current request's images. Call it on the request's own thread (it finds
     * the request there); the check it gives may then run on any thread. Outside an HTTP request the
     * check only refuses an image that does not fit now, and holds nothing.
     */
    public Scope scope() {
        return new Scope(RequestLeases.ofCurrent(currentRequest));
    }

    /**
     * Width × height of one image at most (413 past it): {@code mmf.image.max-pixels}, and no more
     * than the pixel budget where that budget was derived from the memory the process has.
     */
    public long maxPixelsPerImage() {
        return maxPixelsPerImage;
    }

    /** Whether the smallest image ({@code mmf.image.min-side} squared) would be admitted now. */
    public boolean hasRoom() {
        return pixels.hasRoomFor(leastPixels());
    }

    /** The refusal's message when {@link #hasRoom} is false. */
    public String noRoomMessage() {
        return "the image service is overloaded: " + pixels.inFlight() + " decoded pixels are in flight and the "
                + "budget is " + pixels.capacity() + " (" + Keys.IMAGE_MAX_PIXELS_IN_FLIGHT + "); no image fits now";
    }

    public int retryAfterSeconds() {
        return Math.max(1, config.batch().retryAfterSeconds());
    }

    long leastPixels() {
        return (long) config.image().minSide() * config.image().minSide();
    }

    /** The budget itself, for tests that fill it. */
    CostBudget budget() {
        return pixels;
    }

    /** Pixels admitted now, for tests and metrics. */
    public long inFlight() {
        return pixels.inFlight();
    }

    /** The leases of one request, given back when its answer has been sent. */
    public final class Scope implements ImageDecoder.HeaderCheck, AutoCloseable {

        private final RequestLeases leases;

        private Scope(RequestLeases leases) {
            this.leases = leases;
        }

        /**
         * Refuses at once when not even the smallest image ({@code mmf.image.min-side} squared) fits now, before
         * the image is read at all: in a burst, most refusals cost no base64 decoding.
         */
        public void requireRoom() {
            pixels.requireRoomFor(leastPixels());
        }

        @Override
        public void check(int width, int height) {
            leases.hold(pixels.admit((long) width * height, leases.owner()));
        }

        @Override
        public void close() {
            leases.close();
        }
    }
}
