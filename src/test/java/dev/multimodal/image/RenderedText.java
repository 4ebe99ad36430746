package dev.multimodal.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/** Text drawn with Java2D, for OCR tests: the expected text is known exactly. */
public final class RenderedText {

    /** A line to draw; {@code upsideDown} draws it turned by 180° in place. */
    public record Line(String text, boolean upsideDown) {
        public static Line of(String text) {
            return new Line(text, false);
        }
    }

    private RenderedText() {}

    public static DecodedImage render(List<Line> lines, Font font, Color ink, Color paper) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D pg = probe.createGraphics();
        FontMetrics metrics = pg.getFontMetrics(font);
        pg.dispose();
        int margin = metrics.getHeight();
        int width = 0;
        for (Line line : lines) {
            width = Math.max(width, metrics.stringWidth(line.text()));
        }
        int lineHeight = (int) (metrics.getHeight() * 1.6);
        BufferedImage image = new BufferedImage(
                width + 2 * margin, lineHeight * lines.size() + 2 * margin, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(paper);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(ink);
        g.setFont(font);
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            int x = margin;
            int baseline = margin + i * lineHeight + metrics.getAscent();
            if (line.upsideDown()) {
                AffineTransform saved = g.getTransform();
                int w = metrics.stringWidth(line.text());
                double cx = x + w / 2.0;
                double cy = baseline - metrics.getAscent() / 2.0 + metrics.getDescent() / 2.0;
                g.rotate(Math.PI, cx, cy);
                g.drawString(line.text(), x, baseline);
                g.setTransform(saved);
            } else {
                g.drawString(line.text(), x, baseline);
            }
        }
        g.dispose();
        return new DecodedImage(image, "png", 1);
    }
}
