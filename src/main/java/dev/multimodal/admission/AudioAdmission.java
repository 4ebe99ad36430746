package dev.multimodal.admission;

import dev.multimodal.audio.AudioDecoder;
import dev.multimodal.config.MmfConfig;
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
 * Admission of recordings by their decoded samples ({@code mmf.audio.max-samples-in-flight}, by
 * default derived from the memory the process has: {@link MemoryShare}), as images are admitted by
 * their pixels: a recording is admitted from the duration its container declares, before a sample is
 * decoded, and its samples count until its request's answer has been sent. One that does not fit
 * beside the others is refused at once with a 503; one alone is always admitted (its duration is
 * bounded by {@code mmf.audio.max-seconds}).
 */
@ApplicationScoped
public class AudioAdmission {

    @Inject
    MmfConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    CurrentVertxRequest currentRequest;

    private CostBudget samples;

    @PostConstruct
    void init() {
        samples = new CostBudget(
                "the speech service",
                "decoded audio samples",
                Keys.AUDIO_MAX_SAMPLES_IN_FLIGHT,
                config.audio()
                        .maxSamplesInFlight()
                        .orElseGet(() -> MemoryShare.ofThisProcess().samples()),
                config.batch().retryAfterSeconds(),
                MemoryAccount.ofThisProcess(),
                MemoryShare.BYTES_PER_SAMPLE);
        Gauge.builder("mmf.audio.samples.in.flight", samples, CostBudget::inFlight)
                .description("Decoded audio samples of the recordings in flight")
                .register(registry);
    }

    /**
     * The admission of the current request's recordings. Call it on the request's own thread (it finds
     * the request there); the check it gives may then run on any thread. Outside an HTTP request the
     * check only refuses a recording that does not fit now, and holds nothing.
     */
    public Scope scope() {
        return new Scope(RequestLeases.ofCurrent(currentRequest));
    }

    /** Samples admitted now, for tests and metrics. */
    public long inFlight() {
        return samples.inFlight();
    }

    public long capacity() {
        return samples.capacity();
    }

    /** The leases of one request, given back when its answer has been sent. */
    public final class Scope implements AudioDecoder.SampleCheck, AutoCloseable {

        private final RequestLeases leases;

        private Scope(RequestLeases leases) {
            this.leases = leases;
        }

        @Override
        public void admit(long count, String field) {
            leases.hold(samples.admit(count, leases.owner()));
        }

        @Override
        public void close() {
            leases.close();
        }
    }
}
