package dev.multimodal.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.image.ImageLimits;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrResult;
import dev.multimodal.ocr.RegionCropper;
import dev.multimodal.ocr.TextBox;
import dev.multimodal.registry.EncoderFactory;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.text.TextTokenizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The image benchmark's in-process half. Writes the test page (a 1-megapixel JPEG of printed text,
 * drawn here) and its request body, then measures the limit: raw ONNX Runtime (ORT's default
 * session options, one image at a time) running the same tensors the service runs for that page —
 * detection, the orientation batch, the recognition batch and, for ocr-text, the text model.
 * Also times decode and preprocess of the page in-process.
 * Prints "name ms-per-image".
 */
public final class ImageBench {

    static final String[] LINES = {
        "Quarterly report of the northern district water board",
        "Consumption rose by 4.2 percent over the previous year",
        "while losses in the network fell to 11 percent.",
        "The board approved three projects for the coming season:",
        "1. Replace 2.4 km of cast iron mains in the old town",
        "2. Install smart meters in 1,800 homes by October",
        "3. Build a second reservoir near Elm Creek",
        "Total budget: 3,750,000 EUR, funded by tariffs and grants.",
        "Questions may be sent to the secretary before 15 May.",
        "Signed, the chair of the board, 2 April 2026"
    };

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        double seconds = Double.parseDouble(args.length > 1 ? args[1] : "10");
        byte[] jpeg = page();
        Files.write(out.resolve("page.jpg"), jpeg);
        String uri = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
        Files.writeString(out.resolve("page-request.json"), "{\"image\":\"" + uri + "\"}");

        OnnxRuntimeHost host = new OnnxRuntimeHost();
        ModelRepository repository = ModelRepository.load(
                Path.of("models"), Set.of("pp-ocrv4", "all-minilm-l6-v2-q"), true, host, SessionSettings.cpuDefaults());
        OcrEngine engine = new EncoderFactory(
                        host.environment(), BatcherSettings.defaults(), new SimpleMeterRegistry(), false)
                .build(repository.get("pp-ocrv4").orElseThrow())
                .ocr();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
        DecodedImage image = decoder.decode(jpeg, "image");
        OcrResult read = engine.read(image).get(60, TimeUnit.SECONDS);
        System.err.println("page " + image.width() + "x" + image.height() + ", "
                + read.lines().size() + " lines read");

        List<String> results = new ArrayList<>();
        results.add(String.format(
                java.util.Locale.ROOT,
                "in-process-decode %.3f",
                time(seconds / 4, () -> decoder.decode(jpeg, "image"))));
        int[] size = engine.detector().inputSize(image.width(), image.height());
        results.add(String.format(
                java.util.Locale.ROOT,
                "in-process-detector-preprocess %.3f",
                time(seconds / 4, () -> engine.detector().input(image, size))));

        // the tensors the pipeline runs for this page
        ImageTensor det = engine.detector().input(image, size);
        OcrSettings s = engine.settings();
        List<TextBox> boxes;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions defaults = new OrtSession.SessionOptions();
                OrtSession detection = env.createSession("models/pp-ocrv4/detection.onnx", defaults);
                OrtSession classification = env.createSession("models/pp-ocrv4/classification.onnx", defaults);
                OrtSession recognition = env.createSession("models/pp-ocrv4/recognition.onnx", defaults);
                OrtSession text = env.createSession("models/all-minilm-l6-v2-q/model.onnx", defaults);
                OnnxTensor detInput = OnnxTensor.createTensor(env, det.data(), det.shape())) {
            float[] map;
            try (OrtSession.Result r = detection.run(Map.of("x", detInput))) {
                FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
                map = new float[b.remaining()];
                b.get(map);
            }
            boxes = engine.detector()
                    .postProcessor()
                    .boxes(
                            map,
                            size[0],
                            size[1],
                            image.width() / (float) size[0],
                            image.height() / (float) size[1],
                            image.width(),
                            image.height());
            List<RegionCropper.Crop> crops =
                    boxes.stream().map(b -> RegionCropper.crop(image, b)).toList();
            OnnxTensor cls = stack(
                    env,
                    crops.stream()
                            .map(c -> RegionCropper.tensor(c, s.classHeight(), s.classWidth(), s.classWidth()))
                            .toList());
            OnnxTensor rec = stack(
                    env,
                    crops.stream()
                            .map(c -> RegionCropper.tensor(
                                    c,
                                    s.recHeight(),
                                    s.recMaxWidth(),
                                    engine.recognizer().tensorWidth(c)))
                            .toList());
            double detMs = time(seconds / 4, () -> run(detection, Map.of("x", detInput)));
            double clsMs = time(seconds / 4, () -> run(classification, Map.of("x", cls)));
            double recMs = time(seconds / 4, () -> run(recognition, Map.of("x", rec)));
            try (TextTokenizer tokenizer =
                    new TextTokenizer(Path.of("models/all-minilm-l6-v2-q/tokenizer.json"), 128)) {
                long[] ids = tokenizer.windows(read.text()).parts().get(0);
                long[] shape = {1, ids.length};
                try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(ones(ids.length)), shape);
                        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape)) {
                    double textMs = time(
                            seconds / 4,
                            () -> run(
                                    text, Map.of("input_ids", idsT, "attention_mask", mask, "token_type_ids", types)));
                    results.add(String.format(java.util.Locale.ROOT, "raw-ort-detection %.3f", detMs));
                    results.add(String.format(
                            java.util.Locale.ROOT, "raw-ort-classification-%d-lines %.3f", crops.size(), clsMs));
                    results.add(String.format(
                            java.util.Locale.ROOT, "raw-ort-recognition-%d-lines %.3f", crops.size(), recMs));
                    results.add(String.format(java.util.Locale.ROOT, "raw-ort-text-model %.3f", textMs));
                    results.add(String.format(java.util.Locale.ROOT, "raw-ort-read-text %.3f", detMs + clsMs + recMs));
                    results.add(String.format(
                            java.util.Locale.ROOT, "raw-ort-encode-image %.3f", detMs + clsMs + recMs + textMs));
                }
            }
            cls.close();
            rec.close();
        }
        engine.close();
        repository.close();
        results.forEach(System.out::println);
        Files.write(out.resolve("images-inprocess.txt"), results);
    }

    /** A 1200 × 860 page (1.03 megapixels) of printed text, as a JPEG at quality 0.9. */
    static byte[] page() throws Exception {
        BufferedImage page = new BufferedImage(1200, 860, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(250, 249, 245));
        g.fillRect(0, 0, 1200, 860);
        g.setColor(new Color(25, 25, 35));
        g.setFont(new Font(Font.SERIF, Font.PLAIN, 34));
        for (int i = 0; i < LINES.length; i++) {
            g.drawString(LINES[i], 60, 90 + i * 74);
        }
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(page, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The tensors stacked as one batch, padded to the widest with zeros (as the service's batches are). */
    private static OnnxTensor stack(OrtEnvironment env, List<ImageTensor> tensors) throws Exception {
        long width = tensors.stream().mapToLong(t -> t.shape()[3]).max().orElseThrow();
        long[] shape = {tensors.size(), 3, tensors.get(0).shape()[2], width};
        FloatBuffer all = FloatBuffer.allocate((int) (shape[0] * shape[1] * shape[2] * shape[3]));
        int plane = (int) (shape[2] * width);
        for (int i = 0; i < tensors.size(); i++) {
            ImageTensor t = tensors.get(i);
            int w = (int) t.shape()[3];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < shape[2]; y++) {
                    for (int x = 0; x < w; x++) {
                        all.put(
                                (i * 3 + c) * plane + y * (int) width + x,
                                t.data().get((c * (int) shape[2] + y) * w + x));
                    }
                }
            }
        }
        return OnnxTensor.createTensor(env, all, shape);
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, 1L);
        return a;
    }

    private static Object run(OrtSession session, Map<String, OnnxTensor> inputs) {
        try (OrtSession.Result ignored = session.run(inputs)) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mean ms per call over about {@code seconds}, after a warm-up. */
    private static double time(double seconds, java.util.function.Supplier<Object> call) {
        for (int i = 0; i < 3; i++) {
            call.get();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < end || n < 5) {
            call.get();
            n++;
        }
        return (System.nanoTime() - start) / 1e6 / n;
    }
}
