package dev.multimodal.functions.api;

/**
 * @param image    base64, or a {@code data:image/...;base64,} URI
 * @param imageUrl an http(s) address, when the service allows fetching (mmf.image.url.enabled)
 * @param model    an ocr model id; mmf.ocr.model when absent
 */
public record ReadTextRequest(String image, String imageUrl, String model) {
}
