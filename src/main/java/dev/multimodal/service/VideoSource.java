package dev.multimodal.service;

/** Where a request's clip comes from: inline (base64 or a data: URI) or fetched from a URL. */
public interface VideoSource {

    /**
     * The bytes of exactly one of {@code video} and {@code videoUrl}; blocking (a URL is fetched):
     * call it off the event loop.
     */
    byte[] bytes(String video, String videoUrl);
}
