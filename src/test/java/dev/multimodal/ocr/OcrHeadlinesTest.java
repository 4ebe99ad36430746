package dev.multimodal.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multimodal.TestModels;
import dev.multimodal.image.DecodedImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Headlines in large type on a video frame, as a slide or a news caption shows them: 64 px DejaVu
 * Sans Bold, white on navy, centred on a 1280 × 720 frame (bench/video's slides and ticker).
 */
class OcrHeadlinesTest {

    private static DecodedImage frame(String headline) {
        BufferedImage image = new BufferedImage(1280, 720, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(new Color(0, 0, 128));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.WHITE);
        g.setFont(new Font("DejaVu Sans", Font.BOLD, 64));
        FontMetrics m = g.getFontMetrics();
        g.drawString(headline, (image.getWidth() - m.stringWidth(headline)) / 2, 360 + m.getAscent() / 2);
        g.dispose();
        return new DecodedImage(image, "png", 1);
    }

    @Test
    void aHeadlineTheDetectorFindsInPiecesReadsAsOneLine() throws Exception {
        // the detector finds "MARKETS" and "TODAY" apart, each box grown into the other's letters:
        // read apart, the edge of the S came back as "S TODAY" beside "MARKETS"
        OcrResult read = TestModels.ocr().read(frame("MARKETS TODAY")).get(60, TimeUnit.SECONDS);
        assertEquals("MARKETS TODAY", read.text());
        assertEquals(1, read.lines().size());
    }
}
