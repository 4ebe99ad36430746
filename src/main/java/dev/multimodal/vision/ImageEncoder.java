package dev.multimodal.vision;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.runtime.StageTimes;
import java.util.concurrent.CompletableFuture;

/** Image → vector: a vision model ({@code image-encoder}, {@code clip}) or OCR then a text model ({@code ocr-text}). */
public interface ImageEncoder extends AutoCloseable {

    String id();

    String version();

    /** {@code image-encoder}, {@code clip} or {@code ocr-text}. */
    String family();

    /** The model whose space the vectors live in. */
    String space();

    int dimension();

    /**
     * @throws dev.multimodal.refusal.OverloadedException when the model's queue cannot take it
     */
    CompletableFuture<ImageEmbedding> encode(DecodedImage image, StageTimes times);

    @Override
    void close();
}
