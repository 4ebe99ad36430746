package dev.multimodal.api;

/**
 * @param image    base64, or a {@code data:image/...;base64,} URI
 * @param imageUrl an http(s) address, when the service allows fetching (mmf.image.url.enabled)
 * @param model    an image model id, or {@code ocr-text}; the default when absent
 */
@ApiField("An image to encode into a vector.")
public record EncodeImageRequest(
        @ApiField("the image, base64 or a data:image/...;base64, URI; this or imageUrl; at most "
                + "${mmf.image.max-bytes} bytes and ${mmf.image.max-pixels} pixels")
        String image,

        @ApiField("an http(s) address to fetch the image from, where mmf.image.url.enabled allows it")
        String imageUrl,

        @ApiField(
                value = "an image model id, or ocr-text; when absent mmf.image.default-model, else a CLIP model if "
                        + "one is installed, else ocr-text")
        String model) {}
