package dev.multimodal.video;

import dev.multimodal.image.DecodedImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A keyframe as a small JPEG data URI, for read-video's {@code keyframes}: enough to recognise the
 * shot in a page's strip, bounded whatever the clip (at most {@link #SIDE} pixels on the longer
 * side, so at most 32 keyframes stay well under a megabyte of JSON).
 */
public final class KeyframeThumbnail {

    public static final int SIDE = 320;

    /** Quality enough for on-screen text at thumbnail size; the default 0.75 blurs small captions. */
    private static final float QUALITY = 0.8f;

    private KeyframeThumbnail() {}

    public static String dataUri(DecodedImage keyframe) {
        BufferedImage small = scaled(keyframe.image());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(small, null, null), param);
        } catch (IOException e) {
            // into memory: only a broken JPEG writer gets here
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static BufferedImage scaled(BufferedImage image) {
        double scale = Math.min(1, SIDE / (double) Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return small;
    }
}
