package dev.multimodal.ocr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.TestModels;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.RenderedText;
import dev.multimodal.image.RenderedText.Line;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Spaces on tickets and receipts, through the whole pipeline: lines drawn here in DejaVu faces at
 * sizes where PP-OCRv4's recogniser, read greedily, drops some or all of a line's spaces
 * ("Train ICE 1024Platform7", "Date:2026-03-14").
 */
class OcrSpacesTest {

    private static final Color INK = new Color(20, 20, 30);
    private static final Color PAPER = new Color(250, 248, 240);

    private static String read(List<String> lines, Font font) throws Exception {
        DecodedImage image = RenderedText.render(lines.stream().map(Line::of).toList(), font, INK, PAPER);
        return TestModels.ocr().read(image).get(60, TimeUnit.SECONDS).text();
    }

    private static void assertLine(String expected, String text, Font font) {
        assertTrue(
                text.lines().anyMatch(expected::equals),
                "'" + expected + "' in " + font.getFontName() + " " + font.getSize() + " px came back as: " + text);
    }

    @Test
    void aTicketsLinesComeBackWithTheirSpaces() throws Exception {
        List<String> ticket = List.of(
                "Train ICE 1024 Platform 7",
                "Date: 2026-03-14",
                "EUR / kg",
                "Total EUR 12.40",
                "Gate B 12 Seat 14C",
                "08:15 – 09:40",
                "Milk 1.29 EUR",
                "Invoice 2041 due on March 3");
        // read greedily, as before the spaces were put back, this page came back with
        // "Train ICE 1024Platform7" and "GateB12Seat14C" in the first face, "Date:2026-03-14" in the others
        for (Font font : List.of(
                new Font("DejaVu Sans Condensed", Font.PLAIN, 24),
                new Font("DejaVu Sans Condensed", Font.PLAIN, 18),
                new Font("DejaVu Serif", Font.PLAIN, 18))) {
            String text = read(ticket, font);
            assertLine("Train ICE 1024 Platform 7", text, font);
            assertLine("Date: 2026-03-14", text, font);
            assertLine("Gate B 12 Seat 14C", text, font);
        }
    }
}
