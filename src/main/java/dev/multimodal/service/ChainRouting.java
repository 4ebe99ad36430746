package dev.multimodal.service;

import dev.multimodal.api.Analysis;
import dev.multimodal.refusal.InputException;
import java.util.Optional;

/**
 * Which steps of the chain an envelope needs, read from what it carries and what the steps before
 * added. The CloudEvent functions name the next needed step's type in their answers and the gateway
 * runs the same sequence, so an image-only analysis never reaches the speech steps and a recording
 * never reaches the image step, on Knative as in one process.
 */
final class ChainRouting {

    private ChainRouting() {}

    /**
     * Whether {@code step} has work in {@code envelope}: a media step only when its medium is there
     * (the image step also for an envelope without any medium, to refuse it naming image), encode-text
     * unless a recording or a clip goes without any text; fuse and score always.
     */
    static boolean hasWork(ChainStep step, Analysis envelope) {
        return switch (step) {
            case ENCODE_IMAGE -> envelope == null || envelope.image() != null || !hasMedia(envelope);
            case ENCODE_AUDIO -> envelope != null && envelope.audio() != null;
            case ENCODE_VIDEO -> envelope != null && envelope.video() != null;
            case ENCODE_TEXT -> envelope == null || textOf(envelope) != null || !textOptional(envelope);
            default -> true;
        };
    }

    /** The first step with work for a new analysis. */
    static ChainStep first(Analysis envelope) {
        return from(0, envelope).orElseThrow();
    }

    /** The next step with work once {@code step} has added its part; empty after the last. */
    static Optional<ChainStep> next(ChainStep step, Analysis envelope) {
        return from(step.ordinal() + 1, envelope);
    }

    private static Optional<ChainStep> from(int index, Analysis envelope) {
        ChainStep[] all = ChainStep.values();
        for (int i = index; i < all.length; i++) {
            if (hasWork(all[i], envelope)) {
                return Optional.of(all[i]);
            }
        }
        return Optional.empty();
    }

    static void requireMedium(Analysis a) {
        if (a == null || !hasMedia(a)) {
            throw InputException.badRequest(
                    "image",
                    "image is required: base64 or a data:image/...;base64, URI (or audio, or video, to analyse a "
                            + "recording or a clip)");
        }
    }

    static boolean hasMedia(Analysis a) {
        return a.image() != null || a.audio() != null || a.video() != null;
    }

    /** The text to encode: the one sent, else the image's; null when there is none. */
    static String textOf(Analysis a) {
        String text = a.text() != null
                ? a.text()
                : a.imageVector() == null ? null : a.imageVector().text();
        return text == null || text.isBlank() ? null : text;
    }

    /** A recording or a clip speaks for itself: without a text, such an analysis fuses what it has. */
    static boolean textOptional(Analysis a) {
        return a.audio() != null || a.video() != null;
    }
}
