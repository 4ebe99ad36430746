package dev.multimodal.ocr;

import dev.multimodal.api.Overflow;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.text.TextEncoder;
import dev.multimodal.vision.ImageEmbedding;
import dev.multimodal.vision.ImageEncoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ocr-text}: image → OCR → a text encoder. The vector lives in the text encoder's space, so
 * an image is comparable with texts out of the box. An image with no readable text gets the text
 * encoder's vector of the empty string, and its response says no text was found.
 */
public final class OcrTextEncoder implements ImageEncoder {

    public static final String ID = "ocr-text";

    private final OcrEngine ocr;
    private final TextEncoder text;

    public OcrTextEncoder(OcrEngine ocr, TextEncoder text) {
        this.ocr = ocr;
        this.text = text;
    }

    @Override
    public CompletableFuture<ImageEmbedding> encode(DecodedImage image, StageTimes times) {
        return ocr.read(image, times)
                .thenCompose(read -> text.encode(List.of(read.text()), Overflow.AVERAGE)
                        .thenApply(vectors -> new ImageEmbedding(vectors.get(0).vector(), space(), read.text())));
    }

    @Override
    public String id() {
        return ID;
    }

    /** Both parts' versions: either changing changes the vectors. */
    @Override
    public String version() {
        return ocr.manifest().id() + "@" + ocr.manifest().version() + "+"
                + text.manifest().id() + "@" + text.manifest().version();
    }

    @Override
    public String family() {
        return ID;
    }

    @Override
    public String space() {
        return text.space();
    }

    @Override
    public int dimension() {
        return text.manifest().dimension();
    }

    /** The parts belong to the service, which closes them. */
    @Override
    public void close() {}
}
