package dev.multimodal.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.RunOptions;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.runtime.DirectBuffers;
import dev.multimodal.runtime.DynamicBatcher;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One batch of image tensors through a single-input vision graph. Tensors of one shape are stacked
 * and run together; a batch that mixes shapes (pages of different sizes, OCR crops of different
 * widths) runs as one {@code session.run} per shape. Nothing is padded, so every item's output is
 * exactly its own, of its own size, whatever its batch-mates: padding to the batch's largest item
 * changed what the models saw near the edges and, read with each item's own size, overran the
 * detector's map. Callers that want bigger batches give items the same shape (the recogniser
 * rounds crop widths up to a bucket). A batch of one runs on the caller's own buffer, with no copy.
 */
public final class ImageBatchRunner implements DynamicBatcher.BatchFunction<ImageTensor, ImageBatchRunner.Output> {

    /** One item's slice of the graph's output, with the shape of that slice (batch axis dropped). */
    public record Output(float[] values, long[] shape) {}

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
        // Items of one shape run together; each other shape runs as its own batch, so no item is
        // padded and each item's answer is the one it gets alone.
        Map<List<Long>, List<Integer>> byShape = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byShape.computeIfAbsent(shapeKey(batch.get(i).shape()), k -> new ArrayList<>())
                    .add(i);
        }
        Output[] outputs = new Output[batch.size()];
        for (List<Integer> group : byShape.values()) {
            List<Output> answers = runSameShape(group.stream().map(batch::get).toList(), options);
            for (int k = 0; k < group.size(); k++) {
                outputs[group.get(k)] = answers.get(k);
            }
        }
        return Arrays.asList(outputs);
    }

    private static List<Long> shapeKey(long[] shape) {
        List<Long> key = new ArrayList<>(shape.length - 1);
        for (int axis = 1; axis < shape.length; axis++) {
            key.add(shape[axis]);
        }
        return key;
    }

    private List<Output> runSameShape(List<ImageTensor> batch, RunOptions options) throws OrtException {
        if (batch.size() == 1) {
            ImageTensor only = batch.get(0);
            return run(only.data(), only.shape(), 1, options);
        }
        long[] shape = batch.get(0).shape().clone();
        int each = (int) (shape[1] * shape[2] * shape[3]);
        int cells = each * batch.size();
        if (stacked == null || stacked.capacity() < cells) {
            stacked = DirectBuffers.floats(cells);
        }
        stacked.clear();
        for (int i = 0; i < batch.size(); i++) {
            stacked.put(i * each, batch.get(i).data().duplicate(), 0, each);
        }
        stacked.limit(cells);
        shape[0] = batch.size();
        return run(stacked, shape, batch.size(), options);
    }

    private List<Output> run(FloatBuffer data, long[] shape, int rows, RunOptions options) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, data, shape);
                OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(outputName), options)) {
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
