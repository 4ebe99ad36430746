package dev.multimodal.http;

import java.util.Locale;

/** Content-Type headers as clients send them, ";;;" and empty ones included. */
public final class MediaTypes {

    private MediaTypes() {}

    /** The media type without parameters, lower-case; "" when absent or empty. Never throws. */
    public static String of(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
