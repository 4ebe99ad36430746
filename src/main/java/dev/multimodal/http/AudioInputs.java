package dev.multimodal.http;

import dev.multimodal.audio.AudioBytes;
import dev.multimodal.config.ImageUrlConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.refusal.InputException;
import dev.multimodal.service.AudioSource;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

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
                        config.audio().maxBytes(),
                        url.timeout(),
                        url.maxRedirects(),
                        new AddressPolicy(allowed)));
    }

    @PreDestroy
    void close() {
        fetcher.close();
    }

    @Override
    public byte[] bytes(String audio, String audioUrl, String audioField) {
        if (audio == null && audioUrl == null) {
            throw InputException.badRequest(
                    audioField,
                    audioField + " is required: base64 or a " + "data:audio/...;base64, URI"
                            + (config.image().url().enabled() ? " (or audioUrl)" : ""));
        }
        if (audio != null && audioUrl != null) {
            throw InputException.badRequest("audioUrl", "send " + audioField + " or audioUrl, not both");
        }
        return audio != null
                ? AudioBytes.fromBase64(audio, audioField, config.audio().maxBytes())
                : fetcher.fetch(audioUrl, "audioUrl").bytes();
    }
}
