package dev.multimodal.admission;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.runtime.StageTimes;
import java.util.function.Supplier;

/** Where a request's image comes from: inline (base64 or a data: URI) or fetched from a URL, decoded within the limits. */
public interface ImageSource {

    /**
     * The decoding of exactly one of {@code image} (its field named {@code imageField}) and
     * {@code imageUrl}. Call it on the request's thread (admission holds the image's pixels until
     * the request's answer is sent); the work it returns is blocking (a URL is fetched): run that
     * off the event loop.
     */
    Supplier<DecodedImage> decoding(String image, String imageUrl, StageTimes times, String imageField);

    /** The stage timer of one operation. */
    StageTimes times(String operation);
}
