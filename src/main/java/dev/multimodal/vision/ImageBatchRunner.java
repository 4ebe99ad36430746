package dev.multimodal.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.RunOptions;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.runtime.DynamicBatcher;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One batch of image tensors through a single-input vision graph. Tensors of one shape are stacked;
 * tensors of different sizes (OCR crops of different widths, pages of different sizes) are padded
 * with zeros to the largest of the batch, bottom and right, which is what PaddleOCR does for a
 * recognition batch. A batch of one runs on the caller's own buffer, with no copy.
 */
public final class ImageBatchRunner implements DynamicBatcher.BatchFunction<ImageTensor, ImageBatchRunner.Output> {

    /** One item's slice of the graph's output, with the shape of that slice (batch axis dropped). */
    public record Output(float[] values, long[] shape) {
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private FloatBuffer stacked;

    public ImageBatchRunner(OrtEnvironment environment, OrtSession session, String inputName, String outputName) {
        this.environment = environment;
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
    }

    /** What one item costs against a model's byte budget: its input tensor's bytes. */
    public static long cost(ImageTensor tensor) {
        return (long) tensor.data().remaining() * Float.BYTES;
    }

    @Override
    public List<Output> apply(List<ImageTensor> batch, RunOptions options) throws OrtException {
        if (batch.size() == 1) {
            ImageTensor only = batch.get(0);
            return run(only.data(), only.shape(), 1, options);
        }
        long[] shape = batch.get(0).shape().clone();
        for (ImageTensor item : batch) {
            for (int axis = 1; axis < shape.length; axis++) {
                shape[axis] = Math.max(shape[axis], item.shape()[axis]);
            }
        }
        int each = (int) (shape[1] * shape[2] * shape[3]);
        int cells = each * batch.size();
        if (stacked == null || stacked.capacity() < cells) {
            stacked = ByteBuffer.allocateDirect(cells * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        stacked.clear();
        for (int i = 0; i < batch.size(); i++) {
            place(batch.get(i), shape, i * each);
        }
        stacked.limit(cells);
        shape[0] = batch.size();
        return run(stacked, shape, batch.size(), options);
    }

    /** Copies one tensor into its slot, row by row when it is smaller than the batch's shape. */
    private void place(ImageTensor item, long[] shape, int offset) {
        long[] s = item.shape();
        FloatBuffer src = item.data().duplicate();
        int rows1 = (int) s[1];
        int rows2 = (int) s[2];
        int run = (int) s[3];
        boolean same = s[1] == shape[1] && s[2] == shape[2] && s[3] == shape[3];
        if (same) {
            stacked.put(offset, src, 0, rows1 * rows2 * run);
            return;
        }
        int slot = (int) (shape[1] * shape[2] * shape[3]);
        for (int i = offset; i < offset + slot; i++) {
            stacked.put(i, 0f);
        }
        for (int a = 0; a < rows1; a++) {
            for (int b = 0; b < rows2; b++) {
                int from = (a * rows2 + b) * run;
                int to = offset + (int) ((a * shape[2] + b) * shape[3]);
                stacked.put(to, src, from, run);
            }
        }
    }

    private List<Output> run(FloatBuffer data, long[] shape, int rows, RunOptions options) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, data, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input), java.util.Set.of(outputName), options)) {
            OnnxTensor output = (OnnxTensor) result.get(outputName).orElseThrow();
            long[] outShape = output.getInfo().getShape();
            FloatBuffer values = output.getFloatBuffer();
            int each = values.capacity() / rows;
            long[] itemShape = Arrays.copyOfRange(outShape, 1, outShape.length);
            List<Output> outputs = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                float[] slice = new float[each];
                values.get(i * each, slice);
                outputs.add(new Output(slice, itemShape));
            }
            return outputs;
        }
    }
}
