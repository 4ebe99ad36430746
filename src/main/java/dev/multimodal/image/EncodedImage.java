package dev.multimodal.image;

import dev.multimodal.refusal.Echo;
import dev.multimodal.refusal.InputException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Image bytes as a request carried them, with the media type the request claimed (a {@code data:}
 * URI's), so the decoder can refuse bytes that are not what they claim.
 *
 * @param claimedType e.g. {@code image/png}; null when the request claimed none
 */
public record EncodedImage(byte[] bytes, String claimedType) {

    /** Media types and the decoder format each one means. */
    static final Map<String, String> FORMAT_OF_TYPE = Map.of(
            "image/jpeg",
            "jpeg",
            "image/jpg",
            "jpeg",
            "image/pjpeg",
            "jpeg",
            "image/png",
            "png",
            "image/gif",
            "gif",
            "image/bmp",
            "bmp",
            "image/x-ms-bmp",
            "bmp",
            "image/webp",
            "webp");

    /** Whether {@code mediaType} (e.g. {@code image/png}) is one this service decodes. */
    public static boolean supportedType(String mediaType) {
        return FORMAT_OF_TYPE.containsKey(mediaType);
    }

    /**
     * A JSON string field holding base64, or a {@code data:image/...;base64,} URI. The size is
     * checked from the text's length before anything is decoded.
     */
    public static EncodedImage fromBase64(String value, String field, long maxBytes) {
        if (value == null || value.isBlank()) {
            throw InputException.badRequest(field, field + " is empty: send base64 or a data:image/...;base64, URI");
        }
        String type = null;
        String payload = value;
        if (value.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = value.indexOf(',');
            if (comma < 0) {
                throw InputException.badRequest(field, field + " is a data: URI without a comma before its data");
            }
            String header = value.substring(5, comma).toLowerCase(Locale.ROOT);
            if (!header.endsWith(";base64")) {
                throw InputException.badRequest(
                        field, field + " must be a base64 data: URI (data:image/png;base64,...)");
            }
            type = header.substring(0, header.length() - ";base64".length());
            int parameters = type.indexOf(';');
            if (parameters >= 0) {
                type = type.substring(0, parameters);
            }
            if (!FORMAT_OF_TYPE.containsKey(type)) {
                throw InputException.unsupportedType(
                        field,
                        field + " claims media type " + Echo.quoted(type) + "; supported are "
                                + FORMAT_OF_TYPE.keySet().stream().sorted().toList());
            }
            payload = value.substring(comma + 1);
        }
        long decodedAtMost = (long) payload.length() * 3 / 4;
        if (decodedAtMost > maxBytes + 3) {
            throw InputException.tooLarge(
                    field, field + " holds about " + decodedAtMost + " bytes; the limit is " + maxBytes);
        }
        try {
            return new EncodedImage(Base64.getMimeDecoder().decode(strictBase64(payload, field)), type);
        } catch (IllegalArgumentException e) {
            throw InputException.badRequest(field, field + " is not valid base64 (" + e.getMessage() + ")");
        }
    }

    /** The MIME decoder skips line breaks, as users paste them; anything else outside base64 is an error. */
    private static String strictBase64(String payload, String field) {
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '+'
                    || c == '/'
                    || c == '='
                    || c == '\n'
                    || c == '\r'
                    || c == '-'
                    || c == '_';
            if (!ok) {
                throw InputException.badRequest(field, field + " is not valid base64: character '" + c + "' at " + i);
            }
        }
        return payload.indexOf('-') >= 0 || payload.indexOf('_') >= 0
                ? payload.replace('-', '+').replace('_', '/')
                : payload;
    }
}
