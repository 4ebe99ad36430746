package dev.multimodal.vision;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.ImagePreprocessing;
import dev.multimodal.image.ImagePreprocessor;
import dev.multimodal.image.ImagePreprocessor.ImageTensor;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelFamily;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.models.ModelManifest.ImageSettings;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.models.Pooling;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.FiniteOutputs;
import dev.multimodal.runtime.StageTimes;
import dev.multimodal.runtime.Vectors;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Image → vector with a vision graph: an {@code image-encoder} model, or the image tower of a
 * {@code clip} model. Preprocessing is the manifest's, done on the caller's thread straight into a
 * direct buffer; the tensor goes through the model's dynamic batcher; the output is pooled as the
 * manifest says (already pooled, first token, or mean of tokens) and normalised.
 */
public final class VisionEncoder implements ImageEncoder {

    private final ModelManifest manifest;
    private final ImagePreprocessor preprocessor;
    private final DynamicBatcher<ImageTensor, ImageBatchRunner.Output> batcher;

    public VisionEncoder(
            LoadedModel model, OrtEnvironment environment, BatcherSettings batching, MeterRegistry registry)
            throws ManifestException {
        this.manifest = model.manifest();
        boolean clip = manifest.family() == ModelFamily.CLIP;
        String graph = clip ? "vision" : "model";
        String outputRole = clip ? "imageOutput" : "output";
        OrtSession session = model.session(graph).session();
        this.preprocessor = new ImagePreprocessor(preprocessing(manifest));
        checkOutput(session, outputRole);
        this.batcher = new DynamicBatcher<>(
                manifest.id() + (clip ? "/vision" : ""),
                batching,
                () -> new ImageBatchRunner(
                        environment, session, manifest.tensor("pixels"), manifest.tensor(outputRole)),
                ImageBatchRunner::cost,
                registry);
    }

    /** The manifest's data as the image package's preprocessing; a bad combination names its field. */
    static ImagePreprocessing preprocessing(ModelManifest manifest) throws ManifestException {
        ImageSettings s = manifest.image();
        try {
            return new ImagePreprocessing(
                    ImagePreprocessing.Resize.parse(s.resize()),
                    s.size(),
                    s.width(),
                    s.height(),
                    s.interpolation(),
                    s.cropWidth(),
                    s.cropHeight(),
                    s.padMultiple(),
                    s.padValue(),
                    s.rescale(),
                    s.mean(),
                    s.std(),
                    s.channelOrder(),
                    ImagePreprocessing.Layout.parse(s.layout()));
        } catch (IllegalArgumentException e) {
            throw new ManifestException(manifest.id(), "image", e.getMessage(), "correct the image section");
        }
    }

    private void checkOutput(OrtSession session, String outputRole) throws ManifestException {
        String name = manifest.tensor(outputRole);
        boolean pooled = manifest.image().pooling() == Pooling.NONE;
        try {
            NodeInfo info = session.getOutputInfo().get(name);
            long[] shape = ((TensorInfo) info.getInfo()).getShape();
            long last = shape[shape.length - 1];
            if (shape.length != (pooled ? 2 : 3) || (last > 0 && last != manifest.dimension())) {
                throw new ManifestException(
                        manifest.id(),
                        "dimension",
                        "the output '" + name + "' has shape "
                                + Arrays.toString(shape) + ", not [batch, " + (pooled ? "" : "tokens, ")
                                + manifest.dimension()
                                + "]",
                        pooled
                                ? "set dimension to its size, or image.pooling to cls or mean for token outputs"
                                : "set dimension to its size, or image.pooling to none for a pooled output");
            }
        } catch (OrtException | ClassCastException e) {
            throw new ManifestException(
                    manifest.id(),
                    "tensors." + outputRole,
                    "cannot be inspected (" + e.getMessage() + ")",
                    "name a float tensor output");
        }
    }

    @Override
    public CompletableFuture<ImageEmbedding> encode(DecodedImage image, StageTimes times) {
        ImageTensor tensor = times.time("preprocess", () -> preprocessor.apply(image));
        return batcher.submit(tensor).thenApply(output -> new ImageEmbedding(pool(output), space(), null));
    }

    private float[] pool(ImageBatchRunner.Output output) {
        int dim = manifest.dimension();
        float[] values = output.values();
        float[] vector;
        switch (manifest.image().pooling()) {
            case CLS -> vector = Arrays.copyOf(values, dim);
            case MEAN -> {
                vector = new float[dim];
                int tokens = values.length / dim;
                for (int t = 0; t < tokens; t++) {
                    for (int j = 0; j < dim; j++) {
                        vector[j] += values[t * dim + j];
                    }
                }
                for (int j = 0; j < dim; j++) {
                    vector[j] /= tokens;
                }
            }
            default -> vector = values;
        }
        return FiniteOutputs.check(manifest.id(), manifest.image().normalize() ? Vectors.normalize(vector) : vector);
    }

    @Override
    public String id() {
        return manifest.id();
    }

    @Override
    public String version() {
        return manifest.version();
    }

    @Override
    public String family() {
        return manifest.family().label();
    }

    @Override
    public String space() {
        return manifest.id();
    }

    @Override
    public int dimension() {
        return manifest.dimension();
    }

    /** The graph's batcher: OIP v2 requests to this graph queue on it too. */
    public DynamicBatcher<ImageTensor, ImageBatchRunner.Output> batcher() {
        return batcher;
    }

    @Override
    public void close() {
        batcher.close();
    }
}
