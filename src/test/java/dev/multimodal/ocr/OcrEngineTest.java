package dev.multimodal.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.RenderedText;
import dev.multimodal.image.RenderedText.Line;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** PP-OCRv4 on text rendered here, so the truth is known: several fonts, sizes, polarities, a line upside down. */
class OcrEngineTest {

    private record Page(String name, List<Line> lines, Font font, Color ink, Color paper) {}

    private static final Color DARK = new Color(20, 20, 30);
    private static final Color LIGHT = new Color(250, 248, 240);

    static final List<Page> PAGES = List.of(
            new Page(
                    "sans 28 dark on light",
                    List.of(Line.of("Invoice 2041 due on March 3"), Line.of("Total amount: 1,250.00 EUR")),
                    new Font(Font.SANS_SERIF, Font.PLAIN, 28),
                    DARK,
                    LIGHT),
            new Page(
                    "serif 22, three lines",
                    List.of(
                            Line.of("The quick brown fox jumps over"),
                            Line.of("the lazy dog near the river bank"),
                            Line.of("Call 555-0134 before noon")),
                    new Font(Font.SERIF, Font.PLAIN, 22),
                    DARK,
                    LIGHT),
            new Page(
                    "mono 20 light on dark",
                    List.of(Line.of("ERROR 503 service unavailable"), Line.of("retry after 30 seconds")),
                    new Font(Font.MONOSPACED, Font.PLAIN, 20),
                    LIGHT,
                    DARK),
            new Page(
                    "sans bold 40",
                    List.of(Line.of("Summer Sale"), Line.of("up to 40% off")),
                    new Font(Font.SANS_SERIF, Font.BOLD, 40),
                    new Color(180, 20, 20),
                    Color.WHITE),
            new Page(
                    "dialog italic 24",
                    List.of(Line.of("Meeting notes for Tuesday"), Line.of("budget review and hiring plan")),
                    new Font(Font.DIALOG, Font.ITALIC, 24),
                    DARK,
                    LIGHT),
            new Page(
                    "one line upside down",
                    List.of(Line.of("This side up"), new Line("Fragile handle with care", true)),
                    new Font(Font.SANS_SERIF, Font.PLAIN, 30),
                    DARK,
                    LIGHT));

    @Test
    void readsRenderedPagesWithAtLeast95PercentCharacterAccuracyAndFindsEveryLine() throws Exception {
        int errors = 0;
        int characters = 0;
        for (Page page : PAGES) {
            DecodedImage image = RenderedText.render(page.lines(), page.font(), page.ink(), page.paper());
            OcrResult result = TestModels.ocr().read(image).get(60, TimeUnit.SECONDS);
            System.out.printf(
                    "%s -> %s%n",
                    page.name(),
                    result.lines().stream()
                            .map(l -> l.text() + " (" + String.format(Locale.ROOT, "%.2f", l.confidence())
                                    + (l.rotated() ? ", turned" : "") + ")")
                            .toList());
            for (Line expected : page.lines()) {
                String truth = squash(expected.text());
                OcrLine best = null;
                int bestDistance = Integer.MAX_VALUE;
                for (OcrLine line : result.lines()) {
                    int d = editDistance(truth, squash(line.text()));
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = line;
                    }
                }
                assertTrue(
                        best != null && bestDistance <= truth.length() / 4,
                        page.name() + ": line '" + expected.text() + "' not found in " + result.lines());
                errors += bestDistance;
                characters += truth.length();
                assertEquals(expected.upsideDown(), best.rotated(), page.name() + ": '" + expected.text() + "' turned");
            }
            assertEquals(page.lines().size(), result.lines().size(), page.name() + ": " + result.lines());
        }
        double accuracy = 1 - errors / (double) characters;
        System.out.printf(
                Locale.ROOT,
                "OCR character accuracy %.4f (%d errors in %d characters)%n",
                accuracy,
                errors,
                characters);
        assertTrue(accuracy >= 0.95, "character accuracy " + accuracy);
    }

    @Test
    void theWarmUpRunsEveryGraphOnceWhereABlankPageRunsOnlyDetection() throws Exception {
        var model = TestModels.repository().get(TestModels.OCR).orElseThrow();
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var blank = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        java.util.Arrays.fill(((java.awt.image.DataBufferByte) blank.getRaster().getDataBuffer()).getData(), (byte) -1);
        DecodedImage page = new DecodedImage(blank, "png", 1);
        try (OcrEngine engine = new OcrEngine(model, TestModels.host().environment(), TestModels.BATCHING, registry)) {
            assertTrue(engine.read(page).get(60, TimeUnit.SECONDS).lines().isEmpty());
            assertEquals(1, runs(registry, "detection"));
            assertEquals(0, runs(registry, "classification"), "a blank page never reaches the classifier");
            assertEquals(0, runs(registry, "recognition"), "nor the recogniser");
            engine.warmUp(page).get(60, TimeUnit.SECONDS);
            assertEquals(2, runs(registry, "detection"));
            assertEquals(1, runs(registry, "classification"));
            assertEquals(1, runs(registry, "recognition"));
        }
    }

    private static long runs(io.micrometer.core.instrument.MeterRegistry registry, String stage) {
        var size = registry.find("mmf.batch.size")
                .tag("model", TestModels.OCR + "/" + stage)
                .summary();
        return size == null ? 0 : size.count();
    }

    /** Runs of white space count as one space: a missing space is an error, a doubled one is not. */
    static String squash(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
