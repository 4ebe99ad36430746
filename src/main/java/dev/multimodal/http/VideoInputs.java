package dev.multimodal.http;

import dev.multimodal.config.ImageUrlConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.refusal.InputException;
import dev.multimodal.service.VideoSource;
import dev.multimodal.video.VideoBytes;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

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

    private ImageUrlFetcher fetcher;

    @PostConstruct
    void init() {
        ImageUrlConfig url = config.image().url();
        List<AddressPolicy.Cidr> allowed = url.allowedCidrs().orElse(List.of()).stream()
                .map(AddressPolicy.Cidr::parse)
                .toList();
        fetcher = new ImageUrlFetcher(
                vertx,
                new ImageUrlFetcher.Settings(
                        url.enabled(),
                        config.video().maxBytes(),
                        url.timeout(),
                        url.maxRedirects(),
                        new AddressPolicy(allowed)));
    }

    @PreDestroy
    void close() {
        fetcher.close();
    }

    @Override
    public byte[] bytes(String video, String videoUrl) {
        if (video == null && videoUrl == null) {
            throw InputException.badRequest(
                    "video",
                    "video is required: base64 or a data:video/...;base64, URI"
                            + (config.image().url().enabled() ? " (or videoUrl)" : ""));
        }
        if (video != null && videoUrl != null) {
            throw InputException.badRequest("videoUrl", "send video or videoUrl, not both");
        }
        return video != null
                ? VideoBytes.fromBase64(video, "video", config.video().maxBytes())
                : fetcher.fetch(videoUrl, "videoUrl").bytes();
    }
}
