package dev.multimodal.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two in-process baselines, on the same sentences as the service benchmark:
 * raw ONNX Runtime (a plain session.run loop, tokenisation done beforehand) at batch 1 and 32, and
 * LangChain4j's in-process int8 all-MiniLM-L6-v2 on 1 and 16 threads.
 * Prints one line per measurement: name, texts/s, p50 ms, p99 ms (latency of one call).
 */
public final class InProcessBench {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        double seconds = Double.parseDouble(args.length > 1 ? args[1] : "10");
        List<String> corpus = Sentences.corpus(2000);
        Files.write(out.resolveSibling("sentences.txt"), corpus);
        List<String> lines = new ArrayList<>();

        Path model = Path.of("models/all-minilm-l6-v2-q/model.onnx");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                        Path.of("models/all-minilm-l6-v2-q/tokenizer.json"),
                        Map.of("padding", "false", "truncation", "false"));
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                Encoding[] encodings = tokenizer.batchEncode(corpus);
                lines.add(raw("raw-ort-batch1", env, session, encodings, 1, seconds));
                lines.add(raw("raw-ort-batch32", env, session, encodings, 32, seconds));
            }
        }

        EmbeddingModel langchain = new AllMiniLmL6V2QuantizedEmbeddingModel();
        lines.add(langchain4j("langchain4j-1-thread", langchain, corpus, 1, seconds));
        lines.add(langchain4j("langchain4j-16-threads", langchain, corpus, 16, seconds));
        Files.write(out, lines);
        lines.forEach(System.out::println);
        System.exit(0);
    }

    /** Pads each batch to its longest text, as any batched caller must. */
    private static String raw(
            String name, OrtEnvironment env, OrtSession session, Encoding[] encodings, int batch, double seconds)
            throws Exception {
        List<Double> latencies = new ArrayList<>();
        long texts = 0;
        int next = 0;
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        long start = 0;
        long end = Long.MAX_VALUE;
        while (System.nanoTime() < end) {
            int width = 0;
            for (int i = 0; i < batch; i++) {
                width = Math.max(width, encodings[(next + i) % encodings.length].getIds().length);
            }
            long[] ids = new long[batch * width];
            long[] mask = new long[batch * width];
            for (int i = 0; i < batch; i++) {
                long[] t = encodings[(next + i) % encodings.length].getIds();
                System.arraycopy(t, 0, ids, i * width, t.length);
                Arrays.fill(mask, i * width, i * width + t.length, 1L);
            }
            next = (next + batch) % encodings.length;
            long[] shape = {batch, width};
            long t0 = System.nanoTime();
            try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                    OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                    OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch * width]), shape);
                    OrtSession.Result r =
                            session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                r.get(0);
            }
            long t1 = System.nanoTime();
            if (start == 0 && t1 > warmUntil) {
                start = t1;
                end = start + (long) (seconds * 1e9);
                continue;
            }
            if (start != 0) {
                latencies.add((t1 - t0) / 1e6);
                texts += batch;
            }
        }
        return line(name, texts / seconds, latencies);
    }

    private static String langchain4j(
            String name, EmbeddingModel model, List<String> corpus, int threads, double seconds) throws Exception {
        for (int i = 0; i < 200; i++) {
            model.embed(TextSegment.from(corpus.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<List<Double>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                List<Double> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    String text = corpus.get(Math.floorMod(next.getAndIncrement(), corpus.size()));
                    long t0 = System.nanoTime();
                    model.embed(TextSegment.from(text));
                    mine.add((System.nanoTime() - t0) / 1e6);
                }
                return mine;
            }));
        }
        List<Double> latencies = new ArrayList<>();
        for (Future<List<Double>> f : futures) {
            latencies.addAll(f.get());
        }
        pool.shutdown();
        return line(name, latencies.size() / seconds, latencies);
    }

    private static String line(String name, double textsPerSecond, List<Double> latencies) {
        double[] sorted =
                latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(
                "%s %.1f %.3f %.3f", name, textsPerSecond, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
