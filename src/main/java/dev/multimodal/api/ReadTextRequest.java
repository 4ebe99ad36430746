package dev.multimodal.api;

/**
 * @param image    base64, or a {@code data:image/...;base64,} URI
 * @param imageUrl an http(s) address, when the service allows fetching (mmf.image.url.enabled)
 * @param model    an ocr model id; mmf.ocr.model when absent
 */
@ApiField("An image to read text from.")
public record ReadTextRequest(
        @ApiField("the image, base64 or a data:image/...;base64, URI; this or imageUrl; at most "
                + "${mmf.image.max-bytes} bytes and ${mmf.image.max-pixels} pixels")
        String image,

        @ApiField("an http(s) address to fetch the image from, where mmf.image.url.enabled allows it")
        String imageUrl,

        @ApiField(value = "an ocr model id", defaultFrom = "mmf.ocr.model")
        String model) {}
