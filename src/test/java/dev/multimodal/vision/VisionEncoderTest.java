package dev.multimodal.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.api.Overflow;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.RenderedText;
import dev.multimodal.image.RenderedText.Line;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.ocr.OcrTextEncoder;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.runtime.Vectors;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionEncoderTest {

    @TempDir
    Path root;

    /** 4 × 4: the top half (R, G, B) = (200, 100, 50), the bottom half (0, 20, 40). */
    private static DecodedImage halves() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, y < 2 ? (200 << 16) | (100 << 8) | 50 : (20 << 8) | 40);
            }
        }
        return new DecodedImage(image, "png", 1);
    }

    private float[] encode(String pooling) throws Exception {
        Path dir = Files2.fresh(root.resolve(pooling));
        TinyOnnxModels.writeImageEncoder(dir, pooling);
        try (ModelRepository repository =
                        ModelRepository.load(dir, Set.of(), true, TestModels.host(), SessionSettings.cpuDefaults());
                VisionEncoder encoder = new VisionEncoder(
                        repository.get(TinyOnnxModels.IMAGE_ENCODER_ID).orElseThrow(),
                        TestModels.host().environment(),
                        TestModels.BATCHING,
                        new SimpleMeterRegistry())) {
            assertEquals(TinyOnnxModels.IMAGE_ENCODER_ID, encoder.space());
            return encoder.encode(halves(), StageTimes.NONE)
                    .get(10, TimeUnit.SECONDS)
                    .vector();
        }
    }

    @Test
    void clsPoolingTakesTheFirstTokenAndMeanPoolingAveragesTheTokens() throws Exception {
        // token 0 is the mean colour (100, 60, 45)/255, token 1 the darkest value per channel (0, 20, 40)/255
        assertArrayEquals(new float[] {100 / 255f, 60 / 255f, 45 / 255f}, encode("cls"), 1e-6f);
        assertArrayEquals(new float[] {50 / 255f, 40 / 255f, 42.5f / 255f}, encode("mean"), 1e-6f);
    }

    @Test
    void aPooledOutputDeclaredAsTokensIsRefusedWithTheField() throws Exception {
        Path dir = Files2.fresh(root.resolve("none"));
        TinyOnnxModels.writeImageEncoder(dir, "none");
        try (ModelRepository repository =
                ModelRepository.load(dir, Set.of(), true, TestModels.host(), SessionSettings.cpuDefaults())) {
            ManifestException e = assertThrows(
                    ManifestException.class,
                    () -> new VisionEncoder(
                            repository.get(TinyOnnxModels.IMAGE_ENCODER_ID).orElseThrow(),
                            TestModels.host().environment(),
                            TestModels.BATCHING,
                            new SimpleMeterRegistry()));
            assertEquals("dimension", e.field());
            assertTrue(e.getMessage().contains("image.pooling"), e.getMessage());
        }
    }

    @Test
    void ocrTextPutsAnImageOfTextNextToThatTextInTheTextModelsSpace() throws Exception {
        TextEncoder text = TestModels.encoder(TestModels.INT8);
        OcrTextEncoder encoder = new OcrTextEncoder(TestModels.ocr(), text);
        DecodedImage image = RenderedText.render(
                List.of(Line.of("Invoice 2041 due on March 3")),
                new Font(Font.SANS_SERIF, Font.PLAIN, 28),
                Color.BLACK,
                Color.WHITE);
        ImageEmbedding embedding = encoder.encode(image, StageTimes.NONE).get(60, TimeUnit.SECONDS);
        assertEquals(TestModels.INT8, embedding.space());
        assertEquals("Invoice 2041 due on March 3", embedding.text());
        List<TextEmbedding> texts = text.encode(
                        List.of("Invoice 2041 due on March 3", "a recipe for tomato soup with basil"),
                        Overflow.TRUNCATE)
                .get(10, TimeUnit.SECONDS);
        double same = Vectors.cosine(embedding.vector(), texts.get(0).vector());
        double other = Vectors.cosine(embedding.vector(), texts.get(1).vector());
        assertTrue(same > 0.95, "image vs its own text: " + same); // int8 vectors move a little with the batch
        assertTrue(other < 0.3, "image vs an unrelated text: " + other);
        assertTrue(encoder.version().contains("pp-ocrv4@") && encoder.version().contains(TestModels.INT8 + "@"));
    }

    /** A fresh folder per model set. */
    static final class Files2 {
        static Path fresh(Path dir) throws java.io.IOException {
            return java.nio.file.Files.createDirectories(dir);
        }
    }
}
