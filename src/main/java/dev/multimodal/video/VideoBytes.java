package dev.multimodal.video;

import dev.multimodal.refusal.InputException;
import java.util.Base64;
import java.util.Locale;

/** A clip sent inline: base64, or a {@code data:video/...;base64,} URI. */
public final class VideoBytes {

    private VideoBytes() {}

    /** The bytes of {@code value}; its size is checked from the base64's length before decoding. */
    public static byte[] fromBase64(String value, String field, long maxBytes) {
        if (value == null || value.isBlank()) {
            throw InputException.badRequest(field, field + " is empty: send base64 or a data:video/...;base64, URI");
        }
        String payload = value;
        if (value.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = value.indexOf(',');
            if (comma < 0) {
                throw InputException.badRequest(field, field + " is a data: URI without a comma before its data");
            }
            String header = value.substring(5, comma).toLowerCase(Locale.ROOT);
            if (!header.endsWith(";base64")) {
                throw InputException.badRequest(
                        field, field + " must be a base64 data: URI (data:video/mp4;base64,...)");
            }
            String type = header.substring(0, header.length() - ";base64".length());
            if (!type.startsWith("video/") && !type.equals("application/octet-stream")) {
                throw InputException.unsupportedType(
                        field,
                        field + " claims media type '" + type
                                + "'; send video/* (the container is read from the bytes)");
            }
            payload = value.substring(comma + 1);
        }
        long decodedAtMost = (long) payload.length() * 3 / 4;
        if (decodedAtMost > maxBytes + 3) {
            throw InputException.tooLarge(
                    field,
                    field + " holds about " + decodedAtMost + " bytes; the limit is " + maxBytes
                            + " (mmf.video.max-bytes)");
        }
        try {
            return Base64.getMimeDecoder().decode(checked(payload, field));
        } catch (IllegalArgumentException e) {
            throw InputException.badRequest(field, field + " is not valid base64 (" + e.getMessage() + ")");
        }
    }

    /** The MIME decoder skips what is not base64; a caller who sent something else should hear so. */
    private static String checked(String payload, String field) {
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
        return payload;
    }
}
