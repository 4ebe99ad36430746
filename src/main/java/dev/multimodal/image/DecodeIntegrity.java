package dev.multimodal.image;

import dev.multimodal.refusal.InputException;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadUpdateListener;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Catches images whose data does not cover what their header claims: a truncated upload, or a
 * tiny file whose header says 6000×6000. ImageIO decodes both "successfully" — the JPEG reader
 * fills the missing rows with grey and only warns; a GIF whose data ends early leaves the rest
 * blank — so the decoder's warnings and its row updates are watched, and a file too small to hold
 * its claimed size at the format's best possible compression is refused before its raster is
 * allocated.
 */
final class DecodeIntegrity {

    /** Formats whose readers report every decoded row to update listeners (checked in the tests). */
    private static final Set<String> REPORTS_ROWS = Set.of("jpeg", "png", "gif");

    private DecodeIntegrity() {}

    /**
     * Refuses a header that claims more pixels than its bytes could encode. The bounds are hard
     * limits of the codings, not heuristics: a Huffman JPEG spends at least one bit on each 8×8
     * block of a component, and its most-sampled component has a block for every 8×8 pixels along
     * one axis and at least every 8×32 along the other (sampling factors are 1 to 4); an LZW code in a GIF (at most 12 bits) stands for at most
     * 4,096 pixels; deflate expands at most 1,032-fold, and a PNG row holds at least one bit a pixel.
     */
    static void checkPlausible(String format, long bytes, int width, int height, String field) {
        long pixels = (long) width * height;
        long atLeast = switch (format) {
            case "jpeg" -> pixels / (64 * 4) / 8;
            case "gif" -> pixels / 4096 * 12 / 8;
            case "png" -> (long) height * (1 + (width + 7L) / 8) / 1032;
            default -> 0;
        };
        if (bytes < atLeast) {
            throw InputException.badRequest(
                    field,
                    field + " is truncated or its header lies: it claims "
                            + width + "×" + height + " pixels, which a " + format.toUpperCase(Locale.ROOT)
                            + " file needs at least " + atLeast + " bytes to hold, but it has " + bytes);
        }
    }

    /** Listens to one read: call {@link #check} after {@code reader.read}. */
    static Watch watch(ImageReader reader) {
        Watch watch = new Watch();
        reader.addIIOReadWarningListener(watch);
        reader.addIIOReadUpdateListener(watch);
        return watch;
    }

    static final class Watch implements IIOReadWarningListener, IIOReadUpdateListener {

        private String truncation;
        private int rowsCovered;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            // libjpeg's "Premature end of JPEG file", "premature end of data segment", and the JDK's
            // "Truncated File - Missing EOI marker"; other warnings (extraneous bytes) are harmless
            if (truncation == null && (lower.contains("premature end") || lower.contains("truncated"))) {
                truncation = warning;
            }
        }

        @Override
        public void imageUpdate(
                ImageReader source,
                BufferedImage image,
                int minX,
                int minY,
                int width,
                int height,
                int periodX,
                int periodY,
                int[] bands) {
            // the furthest row any pass reached (height includes the rows a pass skips)
            rowsCovered = Math.max(rowsCovered, minY + height);
        }

        void check(String format, int height, String field) {
            if (truncation != null) {
                throw InputException.badRequest(
                        field,
                        field + " is truncated: its " + format.toUpperCase(Locale.ROOT)
                                + " data ends before the image does (" + truncation + ")");
            }
            if (REPORTS_ROWS.contains(format) && rowsCovered < height) {
                throw InputException.badRequest(
                        field,
                        field + " is truncated or its header lies: its data covers " + rowsCovered + " of the " + height
                                + " rows its header claims");
            }
        }

        @Override
        public void passStarted(
                ImageReader source,
                BufferedImage image,
                int pass,
                int minPass,
                int maxPass,
                int minX,
                int minY,
                int periodX,
                int periodY,
                int[] bands) {}

        @Override
        public void passComplete(ImageReader source, BufferedImage image) {}

        @Override
        public void thumbnailPassStarted(
                ImageReader source,
                BufferedImage thumbnail,
                int pass,
                int minPass,
                int maxPass,
                int minX,
                int minY,
                int periodX,
                int periodY,
                int[] bands) {}

        @Override
        public void thumbnailUpdate(
                ImageReader source,
                BufferedImage thumbnail,
                int minX,
                int minY,
                int width,
                int height,
                int periodX,
                int periodY,
                int[] bands) {}

        @Override
        public void thumbnailPassComplete(ImageReader source, BufferedImage thumbnail) {}
    }
}
