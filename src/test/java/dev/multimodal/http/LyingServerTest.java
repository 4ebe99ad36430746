package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.image.EncodedImage;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.image.ImageLimits;
import dev.multimodal.image.LyingImagesTest;
import dev.multimodal.refusal.InputException;
import dev.multimodal.util.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server on 127.0.0.1 that writes raw HTTP and lies in its Content-Length: a fetched image that
 * arrives cut short is refused as truncated, as the same bytes sent inline are.
 */
class LyingServerTest {

    private static Vertx vertx;
    private static NetServer server;
    private static byte[] jpeg;

    @BeforeAll
    static void serve() throws Exception {
        jpeg = TestImages.jpeg(LyingImagesTest.picture(1200, 1000), false);
        vertx = Vertx.vertx();
        server = vertx.createNetServer()
                .connectHandler(socket -> socket.handler(request -> {
                    String path = request.toString(StandardCharsets.ISO_8859_1).split(" ")[1];
                    long claimed = path.equals("/short") ? 1000 : jpeg.length + 5000;
                    socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: "
                            + claimed + "\r\nConnection: close\r\n\r\n"));
                    socket.write(Buffer.buffer(jpeg));
                    socket.end();
                }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private static InputException refusal(String path) {
        try (ImageUrlFetcher fetcher = new ImageUrlFetcher(
                vertx,
                new ImageUrlFetcher.Settings(
                        true,
                        1 << 20,
                        Duration.ofSeconds(5),
                        0,
                        new AddressPolicy(List.of(AddressPolicy.Cidr.parse("127.0.0.1/32")))))) {
            ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
            return assertThrows(InputException.class, () -> {
                EncodedImage image = fetcher.fetch(url(path), "imageUrl");
                decoder.decode(image, "imageUrl");
            });
        }
    }

    @Test
    void aContentLengthShorterThanTheImageGivesATruncatedImage() {
        assertTrue(jpeg.length > 50_000, "a photo-sized JPEG: " + jpeg.length);
        InputException e = refusal("/short");
        assertEquals(400, FailureStatuses.status(e), e.getMessage());
        assertEquals("imageUrl", e.field());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aBodyShorterThanItsContentLengthIsRefusedAsTruncated() {
        InputException e = refusal("/long");
        assertEquals(400, FailureStatuses.status(e), e.getMessage());
        assertTrue(
                e.getMessage().contains("Content-Length " + (jpeg.length + 5000) + " but sent " + jpeg.length),
                e.getMessage());
    }
}
