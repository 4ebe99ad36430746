package dev.multimodal.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch that mixes shapes: each item's output must be the one it gets alone. The graph here is
 * the mean of each channel, which any padding of one item to another's size would change.
 */
class ImageBatchRunnerTest {

    @TempDir
    Path dir;

    private static ImageTensor tensor(Random random, int h, int w) {
        float[] values = new float[3 * h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return new ImageTensor(FloatBuffer.wrap(values), new long[] {1, 3, h, w});
    }

    @Test
    void aBatchOfMixedShapesAnswersEachItemAsIfItWereAlone() throws Exception {
        Path model = TinyOnnxModels.writeClip(dir).resolve("vision.onnx");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toString(), options)) {
            ImageBatchRunner runner = new ImageBatchRunner(env, session, "pixel_values", "image_embeds");
            Random random = new Random(7);
            List<ImageTensor> batch = new ArrayList<>();
            int[][] sizes = {{8, 8}, {16, 40}, {8, 8}, {32, 12}, {16, 40}, {5, 7}};
            for (int[] s : sizes) {
                batch.add(tensor(random, s[0], s[1]));
            }
            List<ImageBatchRunner.Output> together;
            List<ImageBatchRunner.Output> alone = new java.util.ArrayList<>();
            try (OrtSession.RunOptions run = new OrtSession.RunOptions()) {
                together = runner.apply(batch, run);
                for (ImageTensor item : batch) {
                    alone.add(runner.apply(List.of(item), run).get(0));
                }
            }
            assertEquals(batch.size(), together.size());
            for (int i = 0; i < batch.size(); i++) {
                assertArrayEquals(alone.get(i).shape(), together.get(i).shape(), "item " + i);
                assertArrayEquals(alone.get(i).values(), together.get(i).values(), 1e-6f, "item " + i);
            }
        }
    }
}
