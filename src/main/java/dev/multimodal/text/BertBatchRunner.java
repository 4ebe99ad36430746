package dev.multimodal.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.RunOptions;
import dev.multimodal.models.Pooling;
import dev.multimodal.runtime.DirectBuffers;
import dev.multimodal.runtime.DynamicBatcher;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One batch through a BERT-style encoder: token ids padded to the longest text of the batch, the
 * hidden states written straight into a reused direct buffer (a pinned output), then pooled per
 * text. Owned by one batcher worker, so its buffers are reused without locking.
 */
final class BertBatchRunner implements DynamicBatcher.BatchFunction<long[], float[]> {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputIdsName;
    private final String attentionMaskName;
    private final String tokenTypeIdsName;
    private final String outputName;
    private final int hidden;
    private final Pooling pooling;

    /** Mean over the text's tokens, the first token, or none: the graph's output is already [batch, dim]. */
    private LongBuffer ids;

    private LongBuffer mask;
    private LongBuffer types;
    private FloatBuffer states;

    BertBatchRunner(
            OrtEnvironment environment, OrtSession session, Map<String, String> tensors, int hidden, Pooling pooling) {
        this.environment = environment;
        this.session = session;
        this.inputIdsName = tensors.get("inputIds");
        this.attentionMaskName = tensors.get("attentionMask");
        this.tokenTypeIdsName = tensors.get("tokenTypeIds");
        this.outputName = tensors.get("output");
        this.hidden = hidden;
        this.pooling = pooling;
    }

    /** What one text costs against the model's byte budget: its ids, mask and types, and its hidden states. */
    static long cost(long[] ids, int hidden) {
        return (long) ids.length * (3L * Long.BYTES + (long) hidden * Float.BYTES);
    }

    @Override
    public List<float[]> apply(List<long[]> batch, RunOptions options) throws OrtException {
        int rows = batch.size();
        int width = 0;
        for (long[] text : batch) {
            width = Math.max(width, text.length);
        }
        int cells = rows * width;
        ensureCapacity(cells);
        for (long[] text : batch) {
            ids.put(text);
            for (int i = 0; i < text.length; i++) {
                mask.put(1L);
            }
            for (int i = text.length; i < width; i++) {
                ids.put(0L);
                mask.put(0L);
            }
        }
        ids.flip();
        mask.flip();
        types.clear().limit(cells);
        int outputCells = pooling == Pooling.NONE ? rows * hidden : cells * hidden;
        states.clear().limit(outputCells);
        long[] outputShape = pooling == Pooling.NONE ? new long[] {rows, hidden} : new long[] {rows, width, hidden};

        long[] shape = {rows, width};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, ids, shape);
                OnnxTensor maskTensor =
                        attentionMaskName == null ? null : OnnxTensor.createTensor(environment, mask, shape);
                OnnxTensor typesTensor =
                        tokenTypeIdsName == null ? null : OnnxTensor.createTensor(environment, types, shape);
                OnnxTensor output = OnnxTensor.createTensor(environment, states, outputShape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>(4);
            inputs.put(inputIdsName, idsTensor);
            if (maskTensor != null) {
                inputs.put(attentionMaskName, maskTensor);
            }
            if (typesTensor != null) {
                inputs.put(tokenTypeIdsName, typesTensor);
            }
            try (OrtSession.Result ignored = session.run(inputs, Set.of(), Map.of(outputName, output), options)) {
                // the hidden states are now in `states`; the pinned output is ours to close
            }
        } finally {
            ids.clear();
            mask.clear();
        }
        List<float[]> pooled = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            pooled.add(pooling == Pooling.NONE ? pooledRow(row) : pool(row * width * hidden, batch.get(row).length));
        }
        return pooled;
    }

    private float[] pooledRow(int row) {
        float[] vector = new float[hidden];
        states.get(row * hidden, vector);
        return vector;
    }

    /** Mean over the text's own tokens (the attention mask is 1 exactly there), or the first token. */
    private float[] pool(int offset, int length) {
        float[] vector = new float[hidden];
        if (pooling == Pooling.CLS) {
            states.get(offset, vector);
            return vector;
        }
        for (int token = 0; token < length; token++) {
            int base = offset + token * hidden;
            for (int j = 0; j < hidden; j++) {
                vector[j] += states.get(base + j);
            }
        }
        for (int j = 0; j < hidden; j++) {
            vector[j] /= length;
        }
        return vector;
    }

    private void ensureCapacity(int cells) {
        if (ids != null && ids.capacity() >= cells) {
            return;
        }
        int capacity = Math.max(cells, ids == null ? 0 : ids.capacity() * 2);
        ids = longs(capacity);
        mask = longs(capacity);
        types = longs(capacity); // zeros: every text is a single segment
        states = DirectBuffers.floats(capacity * hidden);
    }

    private static LongBuffer longs(int capacity) {
        return DirectBuffers.longs(capacity);
    }
}
