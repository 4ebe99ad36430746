package dev.multimodal.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.api.Overflow;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.models.ModelStatus;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.runtime.Vectors;
import dev.multimodal.scoring.CaptionRanker;
import dev.multimodal.text.TextEmbedding;
import dev.multimodal.text.TextEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clip and image-encoder families end to end, on models the tests build: manifest → sessions → batcher → vectors → ranking. */
class ClipPathTest {

    @TempDir
    static Path root;

    private static ModelRepository repository;
    private static VisionEncoder vision;
    private static TextEncoder text;

    @BeforeAll
    static void load() throws Exception {
        TinyOnnxModels.writeClip(root);
        repository = ModelRepository.load(root, Set.of(), true, TestModels.host(), SessionSettings.cpuDefaults());
        assertTrue(
                repository.statuses().stream().allMatch(s -> s.state() == ModelStatus.State.LOADING),
                repository.statuses().toString());
        var model = repository.get(TinyOnnxModels.CLIP_ID).orElseThrow();
        vision = new VisionEncoder(
                model, TestModels.host().environment(), TestModels.BATCHING, new SimpleMeterRegistry());
        text = TextEncoder.clipText(
                model, TestModels.host().environment(), TestModels.BATCHING, new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        for (AutoCloseable open : new AutoCloseable[] {vision, text, repository}) {
            if (open != null) {
                try {
                    open.close();
                } catch (Exception ignored) {
                    // the temporary models go with the test
                }
            }
        }
    }

    static DecodedImage square(Color colour, Color background) {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, 40, 30);
        g.setColor(colour);
        g.fillRect(8, 3, 24, 24);
        g.dispose();
        return new DecodedImage(image, "png", 1);
    }

    @Test
    void colourCaptionsRankFirstForImagesOfThatColour() throws Exception {
        List<String> captions = List.of("a blue square", "a red square", "a green square");
        List<float[]> captionVectors = new ArrayList<>();
        for (TextEmbedding e : text.encode(captions, Overflow.TRUNCATE).get(10, TimeUnit.SECONDS)) {
            captionVectors.add(e.vector());
        }
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
        String[] expected = {"a red square", "a green square", "a blue square"};
        for (int i = 0; i < colours.length; i++) {
            ImageEmbedding image = vision.encode(square(colours[i], Color.WHITE), StageTimes.NONE)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(TinyOnnxModels.CLIP_ID, image.space());
            assertEquals(TinyOnnxModels.CLIP_DIMENSION, image.vector().length);
            var ranked = CaptionRanker.rank(image.vector(), captions, captionVectors, 100);
            assertEquals(expected[i], ranked.get(0).caption(), "for " + colours[i] + ": " + ranked);
            assertTrue(ranked.get(0).probability() > 0.9, ranked.toString());
        }
    }

    @Test
    void imagesAndTextsOfOneClipModelShareItsSpace() {
        assertEquals(vision.space(), text.space());
        assertEquals("clip", vision.family());
    }

    @Test
    void concurrentImagesAreBatchedAndEachGetsItsOwnVector() throws Exception {
        List<java.util.concurrent.CompletableFuture<ImageEmbedding>> futures = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            futures.add(vision.encode(square(i % 2 == 0 ? Color.RED : Color.BLUE, Color.WHITE), StageTimes.NONE));
        }
        float[] red = futures.get(0).get(10, TimeUnit.SECONDS).vector();
        float[] blue = futures.get(1).get(10, TimeUnit.SECONDS).vector();
        for (int i = 0; i < futures.size(); i++) {
            assertArrayEquals(
                    i % 2 == 0 ? red : blue,
                    futures.get(i).get(10, TimeUnit.SECONDS).vector(),
                    1e-6f);
        }
        assertTrue(Vectors.cosine(red, blue) < 0.5);
    }
}
