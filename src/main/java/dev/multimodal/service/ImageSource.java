package dev.multimodal.service;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.runtime.StageTimes;

/** Where a request's image comes from: inline (base64 or a data: URI) or fetched from a URL, decoded within the limits. */
public interface ImageSource {

    /**
     * Exactly one of {@code image} (its field named {@code imageField}) and {@code imageUrl},
     * decoded. Blocking (a URL is fetched): call it off the event loop.
     */
    DecodedImage decode(String image, String imageUrl, StageTimes times, String imageField);

    /** The stage timer of one operation. */
    StageTimes times(String operation);
}
