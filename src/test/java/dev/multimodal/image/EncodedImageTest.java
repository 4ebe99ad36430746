package dev.multimodal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.http.FailureStatuses;
import dev.multimodal.refusal.InputException;
import dev.multimodal.util.TestImages;
import java.awt.image.BufferedImage;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EncodedImageTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    @Test
    void plainBase64AndDataUrisCarryTheirBytes() throws Exception {
        byte[] png = TestImages.encode(new BufferedImage(9, 9, BufferedImage.TYPE_INT_RGB), "png");
        String b64 = Base64.getEncoder().encodeToString(png);
        EncodedImage plain = EncodedImage.fromBase64(b64, "image", 1_000_000);
        assertArrayEquals(png, plain.bytes());
        assertNull(plain.claimedType());
        EncodedImage uri = EncodedImage.fromBase64("data:image/png;base64," + b64, "image", 1_000_000);
        assertEquals("image/png", uri.claimedType());
        assertEquals("png", decoder.decode(uri, "image").format());
        String wrapped = Base64.getMimeEncoder().encodeToString(png);
        assertArrayEquals(
                png, EncodedImage.fromBase64(wrapped, "image", 1_000_000).bytes(), "line breaks are fine");
        String urlSafe = Base64.getUrlEncoder().encodeToString(png);
        assertArrayEquals(
                png, EncodedImage.fromBase64(urlSafe, "image", 1_000_000).bytes(), "URL-safe alphabet too");
    }

    @Test
    void bytesThatAreNotWhatTheyClaimAreRefused() throws Exception {
        byte[] gif = TestImages.encode(new BufferedImage(9, 9, BufferedImage.TYPE_INT_RGB), "gif");
        EncodedImage lying = EncodedImage.fromBase64(
                "data:image/png;base64," + Base64.getEncoder().encodeToString(gif), "image", 1_000_000);
        InputException e = assertThrows(InputException.class, () -> decoder.decode(lying, "image"));
        assertEquals(415, FailureStatuses.status(e));
        assertTrue(e.getMessage().contains("claims image/png but holds a GIF"), e.getMessage());
    }

    @Test
    void badInputNamesTheFieldAndTheLimit() {
        assertStatus(400, () -> EncodedImage.fromBase64("", "image", 100));
        assertStatus(400, () -> EncodedImage.fromBase64("not base64 at all!", "image", 100));
        assertStatus(400, () -> EncodedImage.fromBase64("data:image/png,rawbytes", "image", 100));
        assertStatus(400, () -> EncodedImage.fromBase64("data:image/png;base64", "image", 100));
        assertStatus(415, () -> EncodedImage.fromBase64("data:text/html;base64,PGgxPg==", "image", 100));
        InputException big = assertStatus(413, () -> EncodedImage.fromBase64("A".repeat(4000), "image", 100));
        assertTrue(big.getMessage().contains("the limit is 100"), big.getMessage());
    }

    private static InputException assertStatus(int status, org.junit.jupiter.api.function.Executable call) {
        InputException e = assertThrows(InputException.class, call);
        assertEquals(status, FailureStatuses.status(e), e.getMessage());
        assertEquals("image", e.field());
        return e;
    }
}
