package dev.multimodal.functions;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.RenderedText;
import dev.multimodal.image.RenderedText.Line;
import dev.multimodal.util.TestImages;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Makes the sample image the README and the sample requests use: text drawn here, so the repository
 * ships no downloaded picture. Run once with {@code ./mvnw -q test-compile exec:java
 * -Dexec.mainClass=dev.multimodal.functions.SampleImages -Dexec.classpathScope=test}; the files are committed.
 */
public final class SampleImages {

    static final List<String> RECEIPT = List.of("Corner Bakery", "2 croissants 5.40", "Total 5.40 EUR");

    private SampleImages() {}

    public static void main(String[] args) throws Exception {
        DecodedImage image = RenderedText.render(
                RECEIPT.stream().map(Line::of).toList(),
                new Font(Font.SANS_SERIF, Font.PLAIN, 30),
                new Color(30, 30, 40),
                new Color(252, 250, 244));
        byte[] png = TestImages.png(image.image());
        String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        for (String function : List.of("read-text", "encode-image")) {
            Path dir = Path.of("functions", function);
            Files.write(dir.resolve("receipt.png"), png);
            Files.writeString(dir.resolve("request.json"), "{\"image\": \"" + dataUri + "\"}\n");
        }
    }
}
