package dev.multimodal.http;

import dev.multimodal.config.ImageUrlConfig;
import dev.multimodal.refusal.InputException;
import dev.multimodal.settings.Keys;
import io.vertx.core.Vertx;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A recording or a clip as a request sends it: inline, as base64 or a {@code data:<type>;base64,}
 * URI, or as a URL fetched by the same {@link ImageUrlFetcher} and {@link AddressPolicy} as
 * {@code imageUrl}, under the same settings ({@code mmf.image.url.*}) with the medium's own byte
 * limit. The size of inline bytes is checked from the base64's length before they are decoded.
 */
final class InlineMedia implements AutoCloseable {

    /** What differs between the media: the name in messages, the data: URI types accepted, the limit's setting. */
    record Kind(String name, String example, Predicate<String> types, String setting) {}

    static final Kind AUDIO = new Kind(
            "audio",
            "data:audio/wav",
            type -> type.startsWith("audio/")
                    || type.startsWith("video/")
                    || type.equals("application/octet-stream")
                    || type.equals("application/ogg"),
            Keys.AUDIO_MAX_BYTES);

    static final Kind VIDEO = new Kind(
            "video",
            "data:video/mp4",
            type -> type.startsWith("video/") || type.equals("application/octet-stream"),
            Keys.VIDEO_MAX_BYTES);

    private final Kind kind;
    private final long maxBytes;
    private final boolean urls;
    private final ImageUrlFetcher fetcher;

    InlineMedia(Vertx vertx, ImageUrlConfig url, long maxBytes, Kind kind) {
        this.kind = kind;
        this.maxBytes = maxBytes;
        this.urls = url.enabled();
        this.fetcher = fetcher(vertx, url, maxBytes);
    }

    /** The URL fetcher for {@code mmf.image.url.*}, with {@code maxBytes} as its byte limit. */
    static ImageUrlFetcher fetcher(Vertx vertx, ImageUrlConfig url, long maxBytes) {
        List<AddressPolicy.Cidr> allowed = url.allowedCidrs().orElse(List.of()).stream()
                .map(AddressPolicy.Cidr::parse)
                .toList();
        return new ImageUrlFetcher(
                vertx,
                new ImageUrlFetcher.Settings(
                        url.enabled(), maxBytes, url.timeout(), url.maxRedirects(), new AddressPolicy(allowed)));
    }

    /** The bytes of {@code inline} (field {@code field}) or of {@code url} (field {@code urlField}): one of them. */
    byte[] bytes(String inline, String url, String field, String urlField) {
        if (inline == null && url == null) {
            throw InputException.badRequest(
                    field,
                    field + " is required: base64 or a data:" + kind.name() + "/...;base64, URI"
                            + (urls ? " (or " + urlField + ")" : ""));
        }
        if (inline != null && url != null) {
            throw InputException.badRequest(urlField, "send " + field + " or " + urlField + ", not both");
        }
        return inline != null
                ? fromBase64(inline, field, maxBytes, kind)
                : fetcher.fetch(url, urlField).bytes();
    }

    static byte[] fromBase64(String value, String field, long maxBytes, Kind kind) {
        if (value == null || value.isBlank()) {
            throw InputException.badRequest(
                    field, field + " is empty: send base64 or a data:" + kind.name() + "/...;base64, URI");
        }
        String payload = value;
        if (value.regionMatches(true, 0, "data:", 0, 5)) {
            payload = dataUriPayload(value, field, kind);
        }
        long decodedAtMost = (long) payload.length() * 3 / 4;
        if (decodedAtMost > maxBytes + 3) {
            throw InputException.tooLarge(
                    field,
                    field + " holds about " + decodedAtMost + " bytes; the limit is " + maxBytes + " (" + kind.setting()
                            + ")");
        }
        // the MIME decoder skips what is not base64: a caller who sent something else should hear so
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            boolean base64 = c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '+'
                    || c == '/'
                    || c == '='
                    || c == '\r'
                    || c == '\n';
            if (!base64) {
                throw InputException.badRequest(field, field + " is not valid base64 (character " + i + ")");
            }
        }
        try {
            return Base64.getMimeDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw InputException.badRequest(field, field + " is not valid base64 (" + e.getMessage() + ")");
        }
    }

    private static String dataUriPayload(String value, String field, Kind kind) {
        int comma = value.indexOf(',');
        if (comma < 0) {
            throw InputException.badRequest(field, field + " is a data: URI without a comma before its data");
        }
        String header = value.substring(5, comma).toLowerCase(Locale.ROOT);
        if (!header.endsWith(";base64")) {
            throw InputException.badRequest(
                    field, field + " must be a base64 data: URI (" + kind.example() + ";base64,...)");
        }
        String type = header.substring(0, header.length() - ";base64".length());
        if (!kind.types().test(type)) {
            throw InputException.unsupportedType(
                    field,
                    field + " claims media type '" + type + "'; send " + kind.name()
                            + "/* (the container is read from the bytes)");
        }
        return value.substring(comma + 1);
    }

    @Override
    public void close() {
        fetcher.close();
    }
}
