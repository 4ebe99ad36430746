package dev.multimodal.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample requests and events committed under functions/&lt;name&gt;/, read by the tests. */
final class Samples {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Samples() {
    }

    static String text(String function, String file) {
        try {
            return Files.readString(Path.of("functions", function, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String function, String file) {
        try {
            return MAPPER.readTree(text(function, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
