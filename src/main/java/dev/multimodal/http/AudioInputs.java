package dev.multimodal.http;

import dev.multimodal.config.MmfConfig;
import dev.multimodal.service.AudioSource;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The recording of a request, from {@code audio} (base64 or a data: URI) or {@code audioUrl}. A URL
 * is fetched by the same {@link ImageUrlFetcher} and {@link AddressPolicy} as {@code imageUrl},
 * under the same settings (mmf.image.url.*), with the audio byte limit.
 */
@ApplicationScoped
public class AudioInputs implements AudioSource {

    @Inject
    MmfConfig config;

    @Inject
    Vertx vertx;

    private InlineMedia media;

    @PostConstruct
    void init() {
        media = new InlineMedia(vertx, config.image().url(), config.audio().maxBytes(), InlineMedia.AUDIO);
    }

    @PreDestroy
    void close() {
        media.close();
    }

    @Override
    public byte[] bytes(String audio, String audioUrl, String audioField) {
        return media.bytes(audio, audioUrl, audioField, "audioUrl");
    }
}
