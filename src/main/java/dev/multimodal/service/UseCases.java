package dev.multimodal.service;

import dev.multimodal.admission.TextAdmission;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.video.VideoDecoder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The objects the use cases take that are made from configuration rather than being beans of their
 * own; the use cases themselves are beans with injected constructors, so every entry point gets the
 * same objects, and so the same limits and defaults.
 */
@ApplicationScoped
public class UseCases {

    @Produces
    @Singleton
    EventTypes eventTypes() {
        return EventTypes.from(ConfigProvider.getConfig());
    }

    @Produces
    @Singleton
    Limits limits(MmfConfig config) {
        return Limits.from(config);
    }

    @Produces
    @Singleton
    TextAdmission textAdmission(MmfConfig config, CurrentVertxRequest current) {
        return TextAdmission.from(config, current);
    }

    @Produces
    @Singleton
    VideoDecoder videoDecoder(MmfConfig config) {
        return new VideoDecoder(config.video().limits(), config.video().shots());
    }
}
