package dev.multimodal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedImageTest {

    private static DecodedImage slide() {
        BufferedImage image = new BufferedImage(1280, 720, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0, 0, 128));
        g.fillRect(0, 0, 1280, 720);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
        g.drawString("QUARTERLY REVIEW", 300, 380);
        g.dispose();
        return new DecodedImage(image, "h264", 1);
    }

    @Test
    void aSlideIsHeldInAFewPercentOfItsPixelsAndUnpacksToTheSameBytes() {
        DecodedImage slide = slide();
        PackedImage packed = PackedImage.of(slide);
        assertTrue(
                packed.packedBytes() < slide.bgr().length / 20,
                "a slide deflates to under 5% of its 2.7 MB: " + packed.packedBytes());
        DecodedImage back = packed.unpack();
        assertArrayEquals(slide.bgr(), back.bgr(), "lossless");
        assertEquals(1280, back.width());
        assertEquals(720, back.height());
        assertEquals("h264", back.format());
        assertNotSame(back.image(), packed.unpack().image(), "each use gets its own image to hold and drop");
    }

    @Test
    void noiseThatDoesNotDeflateStillComesBackWhole() {
        BufferedImage image = new BufferedImage(321, 123, BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage noise = new DecodedImage(image, "png", 6);
        new Random(7).nextBytes(noise.bgr());
        DecodedImage back = PackedImage.of(noise).unpack();
        assertArrayEquals(noise.bgr(), back.bgr());
        assertEquals(6, back.orientation());
    }
}
