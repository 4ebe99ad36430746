package dev.multimodal.api;

import dev.multimodal.settings.Keys;

/**
 * @param image    base64, or a {@code data:image/...;base64,} URI
 * @param imageUrl an http(s) address, when the service allows fetching (mmf.image.url.enabled)
 * @param model    an ocr model id; mmf.ocr.model when absent
 */
@ApiField("An image to read text from.")
public record ReadTextRequest(
        @ApiField("the image, base64 or a data:image/...;base64, URI; this or imageUrl; at most ${"
                + Keys.IMAGE_MAX_BYTES + "} bytes and ${" + Keys.IMAGE_MAX_PIXELS + "} pixels")
        String image,

        @ApiField("an http(s) address to fetch the image from, where " + Keys.IMAGE_URL_ENABLED + " allows it")
        String imageUrl,

        @ApiField(value = "an ocr model id", defaultFrom = Keys.OCR_MODEL)
        String model) {}
