package dev.multimodal.http;

import dev.multimodal.config.MmfConfig;
import dev.multimodal.service.VideoSource;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The clip of a request, from {@code video} (base64 or a data: URI) or {@code videoUrl}. A URL is
 * fetched by the same {@link ImageUrlFetcher} and {@link AddressPolicy} as {@code imageUrl}, under
 * the same settings (mmf.image.url.*), with the video byte limit.
 */
@ApplicationScoped
public class VideoInputs implements VideoSource {

    @Inject
    MmfConfig config;

    @Inject
    Vertx vertx;

    private InlineMedia media;

    @PostConstruct
    void init() {
        media = new InlineMedia(vertx, config.image().url(), config.video().maxBytes(), InlineMedia.VIDEO);
    }

    @PreDestroy
    void close() {
        media.close();
    }

    @Override
    public byte[] bytes(String video, String videoUrl) {
        return media.bytes(video, videoUrl, "video", "videoUrl");
    }
}
