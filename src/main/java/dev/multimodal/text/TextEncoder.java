package dev.multimodal.text;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.multimodal.api.Overflow;
import dev.multimodal.models.ManifestException;
import dev.multimodal.models.ModelManifest;
import dev.multimodal.models.ModelRepository.LoadedModel;
import dev.multimodal.models.Pooling;
import dev.multimodal.refusal.InputException;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.Cancellation;
import dev.multimodal.runtime.DynamicBatcher;
import dev.multimodal.runtime.FiniteOutputs;
import dev.multimodal.runtime.Vectors;
import dev.multimodal.settings.Keys;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Text → vector with a {@code text-encoder} model: tokenise on the caller's thread, run through the
 * model's dynamic batcher, pool, normalise as the manifest says.
 */
public final class TextEncoder implements AutoCloseable {

    private final ModelManifest manifest;
    private final TextTokenizer tokenizer;
    private final DynamicBatcher<long[], float[]> batcher;

    /** A {@code text-encoder} model. */
    public TextEncoder(LoadedModel model, OrtEnvironment environment, BatcherSettings settings, MeterRegistry registry)
            throws ManifestException {
        this(model, "model", "output", model.manifest().id(), environment, settings, registry);
    }

    /** The text tower of a {@code clip} model, in the same space as its image tower. */
    public static TextEncoder clipText(
            LoadedModel model, OrtEnvironment environment, BatcherSettings settings, MeterRegistry registry)
            throws ManifestException {
        return new TextEncoder(
                model, "text", "textOutput", model.manifest().id() + "/text", environment, settings, registry);
    }

    private TextEncoder(
            LoadedModel model,
            String graph,
            String outputRole,
            String batcherName,
            OrtEnvironment environment,
            BatcherSettings settings,
            MeterRegistry registry)
            throws ManifestException {
        this.manifest = model.manifest();
        OrtSession session = model.session(graph).session();
        boolean pooled = manifest.text().pooling() == Pooling.NONE;
        checkDimension(session, outputRole, pooled);
        try {
            this.tokenizer = TextTokenizer.open(
                    manifest.path("tokenizer"), manifest.text().maxTokens());
        } catch (IOException | RuntimeException e) {
            throw new ManifestException(
                    manifest.id(),
                    "files",
                    "the tokenizer cannot be loaded (" + e.getMessage() + ")",
                    "give a Hugging Face tokenizer.json with role 'tokenizer'");
        }
        Pooling pooling = manifest.text().pooling();
        Map<String, String> tensors = new HashMap<>();
        tensors.put("inputIds", manifest.tensor("inputIds"));
        tensors.put("attentionMask", manifest.tensor("attentionMask"));
        tensors.put("tokenTypeIds", manifest.tensor("tokenTypeIds"));
        tensors.put("output", manifest.tensor(outputRole));
        this.batcher = new DynamicBatcher<>(
                batcherName,
                settings,
                () -> new BertBatchRunner(environment, session, tensors, manifest.dimension(), pooling),
                ids -> BertBatchRunner.cost(ids, manifest.dimension()),
                false, // the workers run at the event loops' priority: see DynamicBatcher
                registry);
    }

    private void checkDimension(OrtSession session, String outputRole, boolean pooled) throws ManifestException {
        String name = manifest.tensor(outputRole);
        try {
            NodeInfo output = session.getOutputInfo().get(name);
            long[] shape = ((TensorInfo) output.getInfo()).getShape();
            long last = shape[shape.length - 1];
            int rank = pooled ? 2 : 3;
            if (shape.length != rank || (last > 0 && last != manifest.dimension())) {
                throw new ManifestException(
                        manifest.id(),
                        "dimension",
                        "the output '" + name + "' has shape "
                                + Arrays.toString(shape) + ", not [batch, " + (pooled ? "" : "tokens, ")
                                + manifest.dimension() + "]",
                        pooled
                                ? "set dimension to the output size, or text.pooling to mean or cls for a token-level output"
                                : "set dimension to the hidden size, or text.pooling to none for a pooled output");
            }
        } catch (OrtException | ClassCastException e) {
            throw new ManifestException(
                    manifest.id(),
                    "tensors." + outputRole,
                    "cannot be inspected (" + e.getMessage() + ")",
                    "name a float tensor output");
        }
    }

    /** The model whose space this encoder's vectors live in. */
    public String space() {
        return manifest.id();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public DynamicBatcher<long[], float[]> batcher() {
        return batcher;
    }

    public int maxTokens() {
        return tokenizer.maxTokens();
    }

    /**
     * Encodes the texts; the future completes when the last of their batches has run. Refused with
     * {@link dev.multimodal.refusal.OverloadedException} when the model's queue cannot take them.
     */
    public CompletableFuture<List<TextEmbedding>> encode(List<String> texts, Overflow overflow) {
        return encode(texts, overflow, Cancellation.none());
    }

    /**
     * As {@link #encode(List, Overflow)}; once {@code cancel} fires, the texts not yet tokenised are
     * not, and the windows still queued leave the queue.
     */
    public CompletableFuture<List<TextEmbedding>> encode(List<String> texts, Overflow overflow, Cancellation cancel) {
        requireFits(texts, overflow);
        return overflow == Overflow.TRUNCATE ? encodeTruncated(texts, cancel) : encodeAveraged(texts, cancel);
    }

    /**
     * Refuses, from the texts' size alone and before any tokenising, a request that could never fit
     * the model's queue: its least count of model inputs ({@link TextTokenizer#leastWindows}) is
     * already over the queue's capacity. A 413: the caller's to split, not to retry.
     */
    public void requireFits(List<String> texts, Overflow overflow) {
        long least = 0;
        for (String text : texts) {
            least += overflow == Overflow.TRUNCATE ? 1 : tokenizer.leastWindows(text);
        }
        requireRoomFor(least, "at least ");
    }

    private void requireRoomFor(long inputs, String bound) {
        int capacity = batcher.settings().queueCapacity();
        if (inputs > capacity) {
            throw InputException.tooLarge(
                    "texts",
                    "the request needs " + bound + inputs + " model inputs (texts, or windows of long texts); "
                            + "model " + manifest.id() + " queues at most " + capacity + " ("
                            + Keys.BATCH_QUEUE_CAPACITY + "): split the request");
        }
    }

    private CompletableFuture<List<TextEmbedding>> encodeTruncated(List<String> texts, Cancellation cancel) {
        List<TokenizedText> tokenized = new ArrayList<>(texts.size());
        for (String text : texts) {
            cancel.check();
            tokenized.addAll(tokenizer.tokenize(List.of(text)));
        }
        List<long[]> ids = new ArrayList<>(tokenized.size());
        tokenized.forEach(t -> ids.add(t.ids()));
        List<CompletableFuture<float[]>> futures = submit(ids, cancel);
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<TextEmbedding> result = new ArrayList<>(futures.size());
                    for (int i = 0; i < futures.size(); i++) {
                        float[] vector = futures.get(i).join();
                        result.add(new TextEmbedding(
                                finish(vector),
                                tokenized.get(i).tokens(),
                                tokenized.get(i).truncated()));
                    }
                    return result;
                });
    }

    /**
     * Each text's windows go through the batcher together; their pooled vectors are averaged by
     * length. Tokenising stops as soon as the windows so far pass the queue's capacity (413): a
     * text's real token count can exceed the least count from its size (one word of many tokens).
     */
    private CompletableFuture<List<TextEmbedding>> encodeAveraged(List<String> texts, Cancellation cancel) {
        List<TextTokenizer.Windows> windows = new ArrayList<>(texts.size());
        List<long[]> parts = new ArrayList<>();
        for (String text : texts) {
            cancel.check();
            TextTokenizer.Windows w = tokenizer.windows(text);
            windows.add(w);
            parts.addAll(w.parts());
            requireRoomFor(parts.size(), "more than ");
        }
        List<CompletableFuture<float[]>> futures = submit(parts, cancel);
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<TextEmbedding> result = new ArrayList<>(texts.size());
                    int next = 0;
                    for (TextTokenizer.Windows w : windows) {
                        float[] sum = new float[manifest.dimension()];
                        int weight = 0;
                        for (long[] part : w.parts()) {
                            float[] vector = futures.get(next++).join();
                            int length = part.length - 2;
                            for (int j = 0; j < sum.length; j++) {
                                sum[j] += vector[j] * length;
                            }
                            weight += length;
                        }
                        if (weight > 0) {
                            for (int j = 0; j < sum.length; j++) {
                                sum[j] /= weight;
                            }
                        } else {
                            sum = futures.get(next - 1).join();
                        }
                        result.add(new TextEmbedding(finish(sum), w.tokens(), false));
                    }
                    return result;
                });
    }

    /**
     * A long text as overlapping windows of at most {@code windowTokens} (and the model's limit),
     * each embedded and normalised, in order — the units a summary is checked against.
     */
    public CompletableFuture<List<float[]>> encodeWindows(String text, int windowTokens, int overlapTokens) {
        return encodeWindows(text, windowTokens, overlapTokens, Cancellation.none());
    }

    /** As above; once {@code cancel} fires, the chunks not yet queued are not, and the queued ones leave. */
    public CompletableFuture<List<float[]>> encodeWindows(
            String text, int windowTokens, int overlapTokens, Cancellation cancel) {
        cancel.check();
        List<long[]> parts =
                tokenizer.windows(text, windowTokens, overlapTokens).parts();
        List<float[]> vectors = new ArrayList<>(parts.size());
        return inChunks(parts, 0, vectors, cancel).thenApply(done -> vectors);
    }

    /**
     * A long document can need more windows than the queue holds: they go in chunks of half the
     * queue, each chunk after the previous one has run, so one request never fills the queue alone.
     * Between chunks is a stage boundary: a cancelled request stops there.
     */
    private CompletableFuture<Void> inChunks(List<long[]> parts, int from, List<float[]> into, Cancellation cancel) {
        if (from >= parts.size()) {
            return CompletableFuture.completedFuture(null);
        }
        cancel.check();
        int to = Math.min(parts.size(), from + Math.max(1, batcher.settings().queueCapacity() / 2));
        List<CompletableFuture<float[]>> futures = cancel.bind(batcher.submitAll(parts.subList(from, to)));
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenCompose(done -> {
                    futures.forEach(f -> into.add(FiniteOutputs.check(manifest.id(), Vectors.normalize(f.join()))));
                    return inChunks(parts, to, into, cancel);
                });
    }

    /** A request that could never fit the queue is the caller's to split (413), not a retry (503). */
    private List<CompletableFuture<float[]>> submit(List<long[]> inputs, Cancellation cancel) {
        requireRoomFor(inputs.size(), "");
        return cancel.bind(batcher.submitAll(inputs));
    }

    /** Texts handed to the tokenizer so far. */
    public long tokenized() {
        return tokenizer.encoded();
    }

    private float[] finish(float[] vector) {
        return FiniteOutputs.check(manifest.id(), manifest.text().normalize() ? Vectors.normalize(vector) : vector);
    }

    @Override
    public void close() {
        batcher.close();
        tokenizer.close();
    }
}
