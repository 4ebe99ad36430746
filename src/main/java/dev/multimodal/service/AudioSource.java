package dev.multimodal.service;

/** Where a request's recording comes from: inline (base64 or a data: URI) or fetched from a URL. */
public interface AudioSource {

    /**
     * The bytes of exactly one of {@code audio} (its field named {@code audioField}) and
     * {@code audioUrl}; blocking (a URL is fetched): call it off the event loop.
     */
    byte[] bytes(String audio, String audioUrl, String audioField);
}
