package dev.multimodal.image;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;

/**
 * Any bytes, any base64 text: the decoder answers a {@link DecodedImage} or an
 * {@link InputException} (a 4xx), never another exception, and never an image smaller than its limits allow.
 * The build replays {@code ImageDecoderFuzzTestInputs/}; {@code -Pfuzz} fuzzes (docs/fuzzing.md).
 */
class ImageDecoderFuzzTest {

    /** Small enough limits that a fuzzed header cannot ask for a large raster. */
    private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 4_000_000, 8);

    private static final ImageDecoder DECODER = new ImageDecoder(LIMITS);

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] bytes) {
        try {
            DecodedImage image = DECODER.decode(bytes, "image");
            if (image.width() < LIMITS.minSide()
                    || image.height() < LIMITS.minSide()
                    || (long) image.width() * image.height() > LIMITS.maxPixels()) {
                throw new AssertionError("decoded " + image.width() + "×" + image.height() + " past the limits");
            }
        } catch (InputException expected) {
            checkStatus(expected);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void base64(FuzzedDataProvider data) {
        try {
            EncodedImage encoded = EncodedImage.fromBase64(data.consumeRemainingAsString(), "image", LIMITS.maxBytes());
            DECODER.decode(encoded, "image");
        } catch (InputException expected) {
            checkStatus(expected);
        }
    }

    static void checkStatus(InputException e) {
        if (FailureStatuses.status(e) < 400
                || FailureStatuses.status(e) > 499
                || e.field() == null
                || e.getMessage() == null) {
            throw new AssertionError("not a 4xx naming its field: " + FailureStatuses.status(e) + " " + e.field() + " "
                    + e.getMessage());
        }
    }
}
