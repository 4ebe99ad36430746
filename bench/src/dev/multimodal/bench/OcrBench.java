package dev.multimodal.bench;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.image.ImageDecoder;
import dev.multimodal.image.ImageLimits;
import dev.multimodal.models.ModelManifest.OcrSettings;
import dev.multimodal.models.ModelRepository;
import dev.multimodal.ocr.OcrEngine;
import dev.multimodal.ocr.OcrResult;
import dev.multimodal.ocr.OcrScore;
import dev.multimodal.ocr.RegionCropper;
import dev.multimodal.ocr.TestPages;
import dev.multimodal.ocr.TextBox;
import dev.multimodal.runtime.BatcherSettings;
import dev.multimodal.runtime.ExecutionProvider;
import dev.multimodal.runtime.OnnxRuntimeHost;
import dev.multimodal.runtime.OptimizationLevel;
import dev.multimodal.runtime.SessionSettings;
import dev.multimodal.runtime.StageTimes;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/ocr: this service's OCR engine (in process, the same {@link OcrEngine} and batcher
 * settings the service builds), Tesseract 5 ({@code --psm 3}) and the same-model peer
 * {@code @gutenye/ocr-node} on one generated page set with known text, in one run. The engine's
 * JVM runs with {@code -XX:MaxRAM=1g}: the heap the JVM would size for itself in a 1 GiB pod
 * (a quarter), not the quarter of this machine's memory it would take here.
 *
 * <pre>
 *   OcrBench pages DIR SEED PER_GROUP           draw the pages and their truth
 *   OcrBench engine DIR GROUP CLIENTS REPEAT OUT one tool run (a fresh JVM, for its peak RSS)
 *   OcrBench run DIR SEED PER_GROUP NODE_DIR    all of it; prints the table
 * </pre>
 */
public final class OcrBench {

    /** The tools run: all three, or those OCR_BENCH_TOOLS names (comma-separated), e.g. "service,tesseract". */
    private static final String[] TOOLS = System.getenv()
            .getOrDefault("OCR_BENCH_TOOLS", "service,ocr-node,tesseract")
            .split(",");
    /**
     * OCR_BENCH_ACCURACY=1: the reading only, for CER on a loaded machine: one client, no untimed
     * warm-up pass, no per-width timing; the speed columns are then left empty.
     */
    private static final boolean ACCURACY_ONLY = "1".equals(System.getenv("OCR_BENCH_ACCURACY"));

    private static final int[] CLIENTS = ACCURACY_ONLY ? new int[] {1} : new int[] {1, 4};

    public static void main(String[] args) throws Exception {
        try {
            command(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void command(String[] args) throws Exception {
        switch (args[0]) {
            case "pages" -> pages(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            case "engine" ->
                engine(
                        Path.of(args[1]),
                        args[2],
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]),
                        Path.of(args[5]));
            case "run" -> run(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "score" -> score(Path.of(args[1]), args[2], Path.of(args[3]));
            default -> throw new IllegalArgumentException("pages | engine | score | run");
        }
    }

    static void pages(Path dir, long seed, int perGroup) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (TestPages.Page page : TestPages.set(seed, perGroup)) {
            Path image = dir.resolve(page.name() + (page.format().equals("png") ? ".png" : ".jpg"));
            Files.write(image, page.encoded());
            Files.writeString(dir.resolve(page.name() + ".truth"), page.text());
            lists.computeIfAbsent(page.group(), g -> new ArrayList<>())
                    .add(image.toAbsolutePath().toString());
        }
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            Files.write(dir.resolve("list-" + e.getKey() + ".txt"), e.getValue());
        }
    }

    /** One run of the in-process engine; prints "seconds peakRssKiB" and the stage split to stdout. */
    static void engine(Path dir, String group, int clients, int repeat, Path out) throws Exception {
        Files.createDirectories(out);
        List<Path> files = Files.readAllLines(dir.resolve("list-" + group + ".txt")).stream()
                .map(Path::of)
                .toList();
        OnnxRuntimeHost host = new OnnxRuntimeHost();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // what the service builds by default (MmfConfig, ModelService): two batch workers per graph,
        // the cores divided among them, no spinning
        int workers = 2;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        SessionSettings sessions =
                new SessionSettings(ExecutionProvider.CPU, 0, threads, 1, OptimizationLevel.ALL, true, true, false);
        BatcherSettings batching = BatcherSettings.countOnly().withWorkers(workers);
        try (ModelRepository repository =
                        ModelRepository.load(Path.of("models"), java.util.Set.of("pp-ocrv4"), true, host, sessions);
                OcrEngine engine = new OcrEngine(
                        repository.get("pp-ocrv4").orElseThrow(),
                        settings(repository
                                .get("pp-ocrv4")
                                .orElseThrow()
                                .manifest()
                                .ocr()),
                        host.environment(),
                        batching,
                        OcrEngine.DEFAULT_LINES_PER_BATCH,
                        registry)) {
            ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
            // warm-up: one untimed pass over the group's pages, so that the timed pass measures a running
            // service, not the JIT's first minutes (ocr-node's V8 gets the same pass)
            for (Path file : ACCURACY_ONLY ? List.<Path>of() : files) {
                engine.read(decoder.decode(Files.readAllBytes(file), "image")).get(10, TimeUnit.MINUTES);
            }
            Map<String, Double> before = new LinkedHashMap<>();
            for (Timer timer : registry.find("mmf.inference.time").timers()) {
                before.put(timer.getId().getTag("model"), timer.totalTime(TimeUnit.MILLISECONDS));
            }
            List<Path> work = new ArrayList<>();
            for (int r = 0; r < repeat; r++) {
                work.addAll(files);
            }
            Map<String, AtomicLong> stages = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
                        Path file = work.get(i);
                        long t0 = System.nanoTime();
                        DecodedImage image = decoder.decode(Files.readAllBytes(file), "image");
                        stages.computeIfAbsent("decode", k -> new AtomicLong()).addAndGet(System.nanoTime() - t0);
                        OcrResult result = engine.read(
                                        image,
                                        (stage, nanos) -> stages.computeIfAbsent(stage, k -> new AtomicLong())
                                                .addAndGet(nanos))
                                .get(10, TimeUnit.MINUTES);
                        Files.writeString(
                                out.resolve(file.getFileName().toString().replaceAll("\\.[a-z]+$", "") + ".txt"),
                                result.text());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            StringBuilder split = new StringBuilder();
            stages.forEach(
                    (k, v) -> split.append(String.format(Locale.ROOT, " %s=%.0f", k, v.get() / 1e6 / work.size())));
            for (Timer timer : registry.find("mmf.inference.time").timers()) {
                split.append(String.format(
                        Locale.ROOT,
                        " %s=%.0f",
                        timer.getId().getTag("model").replace("pp-ocrv4/", ""),
                        (timer.totalTime(TimeUnit.MILLISECONDS)
                                        - before.getOrDefault(timer.getId().getTag("model"), 0.0))
                                / work.size()));
            }
            long rss = peakRssKiB();
            if (clients == 1 && !ACCURACY_ONLY) {
                split.append(byWidth(engine, decoder, files));
            }
            System.out.printf(Locale.ROOT, "%.3f %d%s%n", seconds, rss, split);
        }
    }

    /** The manifest's settings, with OCR_LIMIT_SIDE and OCR_UNCLIP in their place when set: to measure one against another. */
    static OcrSettings settings(OcrSettings m) {
        int limit = Integer.parseInt(System.getenv().getOrDefault("OCR_LIMIT_SIDE", String.valueOf(m.limitSide())));
        float unclip = Float.parseFloat(System.getenv().getOrDefault("OCR_UNCLIP", String.valueOf(m.unclipRatio())));
        return new OcrSettings(
                limit,
                m.multiple(),
                m.threshold(),
                m.boxThreshold(),
                unclip,
                m.minSize(),
                m.mean(),
                m.std(),
                m.channelOrder(),
                m.classWidth(),
                m.classHeight(),
                m.classThreshold(),
                m.recHeight(),
                m.recMaxWidth(),
                m.dropScore(),
                m.spaceChar());
    }

    /** Each page's score for one tool's output folder. */
    static void score(Path dir, String group, Path out) throws IOException {
        OcrScore total = OcrScore.ZERO;
        for (String file : Files.readAllLines(dir.resolve("list-" + group + ".txt"))) {
            String name = Path.of(file).getFileName().toString().replaceAll("\\.[a-z]+$", "");
            List<String> truth = Files.readAllLines(dir.resolve(name + ".truth")).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            OcrScore s = OcrScore.of(truth, Files.readString(out.resolve(name + ".txt")));
            total = total.plus(s);
            System.out.printf(
                    Locale.ROOT,
                    "%s cer=%.4f nospace=%.4f words=%.3f missed=%d/%d inversions=%d%n",
                    name,
                    s.cer(),
                    s.cerNoSpace(),
                    s.wordAccuracy(),
                    s.linesMissed(),
                    s.lines(),
                    s.inversions());
        }
        System.out.printf(
                Locale.ROOT,
                "%s total cer=%.4f nospace=%.4f words=%.3f missed=%d/%d inversions=%d%n",
                group,
                total.cer(),
                total.cerNoSpace(),
                total.wordAccuracy(),
                total.linesMissed(),
                total.lines(),
                total.inversions());
    }

    /** Recognition ms per line by the width of its tensor, each line alone, on the group's first two pages. */
    static String byWidth(OcrEngine engine, ImageDecoder decoder, List<Path> files) throws Exception {
        int[] limits = {256, 512, 1024, Integer.MAX_VALUE};
        double[] ms = new double[limits.length];
        int[] count = new int[limits.length];
        for (Path file : files.subList(0, Math.min(2, files.size()))) {
            DecodedImage image = decoder.decode(Files.readAllBytes(file), "image");
            List<TextBox> boxes = engine.detector()
                    .detect(image, StageTimes.NONE, Runnable::run)
                    .get();
            for (TextBox box : boxes) {
                RegionCropper.Crop crop = RegionCropper.crop(image, box);
                int width = engine.recognizer().tensorWidth(crop);
                long t0 = System.nanoTime();
                engine.recognizer().read(List.of(crop), StageTimes.NONE).get();
                int b = 0;
                while (width > limits[b]) {
                    b++;
                }
                ms[b] += (System.nanoTime() - t0) / 1e6;
                count[b]++;
            }
        }
        StringBuilder out = new StringBuilder();
        String[] names = {"<=256", "<=512", "<=1024", ">1024"};
        for (int b = 0; b < limits.length; b++) {
            if (count[b] > 0) {
                out.append(
                        String.format(Locale.ROOT, " rec-width%s=%.0fms(x%d)", names[b], ms[b] / count[b], count[b]));
            }
        }
        return out.toString();
    }

    static long peakRssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private record Run(double seconds, long rssKiB, String split) {}

    static void run(Path dir, long seed, int perGroup, Path nodeDir) throws Exception {
        pages(dir, seed, perGroup);
        String classpath = System.getProperty("java.class.path");
        Map<String, Map<String, OcrScore>> scores = new LinkedHashMap<>();
        Map<String, Run> runs = new LinkedHashMap<>();
        Map<String, Boolean> stable = new LinkedHashMap<>();
        for (String group : TestPages.GROUPS) {
            List<String> files = Files.readAllLines(dir.resolve("list-" + group + ".txt"));
            for (String tool : TOOLS) {
                for (int clients : CLIENTS) {
                    int repeat = 1;
                    Path out = dir.resolve("out-" + tool + "-" + clients);
                    Files.createDirectories(out);
                    Run run;
                    try {
                        run = switch (tool) {
                            case "service" ->
                                parse(exec(
                                        List.of(
                                                "java",
                                                "-XX:MaxRAM=1g",
                                                "-cp",
                                                classpath,
                                                OcrBench.class.getName(),
                                                "engine",
                                                dir.toString(),
                                                group,
                                                String.valueOf(clients),
                                                String.valueOf(repeat),
                                                out.toString()),
                                        null));
                            case "ocr-node" ->
                                parse(exec(
                                        List.of(
                                                "node",
                                                nodeDir.resolve("peer.mjs")
                                                        .toAbsolutePath()
                                                        .toString(),
                                                dir.resolve("list-" + group + ".txt")
                                                        .toAbsolutePath()
                                                        .toString(),
                                                String.valueOf(clients),
                                                out.toAbsolutePath().toString(),
                                                String.valueOf(repeat)),
                                        nodeDir));
                            default -> tesseract(files, clients, repeat, out);
                        };
                    } catch (Exception e) {
                        run = new Run(Double.NaN, -1, " FAILED: " + e.getMessage());
                    }
                    runs.put(tool + "/" + group + "/" + clients, run);
                    System.err.printf(
                            Locale.ROOT,
                            "%s %s c=%d: %.1f s, %d MiB%s%n",
                            tool,
                            group,
                            clients,
                            run.seconds(),
                            run.rssKiB() / 1024,
                            run.split());
                }
                OcrScore total = OcrScore.ZERO;
                boolean same = true;
                for (String file : files) {
                    String name = Path.of(file).getFileName().toString().replaceAll("\\.[a-z]+$", "");
                    List<String> truth = Files.readAllLines(dir.resolve(name + ".truth")).stream()
                            .filter(l -> !l.isBlank())
                            .toList();
                    String read = readOrEmpty(dir.resolve("out-" + tool + "-1").resolve(name + ".txt"));
                    String readLoaded = ACCURACY_ONLY
                            ? read
                            : readOrEmpty(dir.resolve("out-" + tool + "-4").resolve(name + ".txt"));
                    same &= read.equals(readLoaded);
                    OcrScore score = OcrScore.of(truth, read);
                    total = total.plus(score);
                    if (System.getenv("OCR_BENCH_VERBOSE") != null) {
                        System.err.printf(
                                Locale.ROOT,
                                "  %s %s cer=%.4f missed=%d inv=%d%n",
                                tool,
                                name,
                                score.cer(),
                                score.linesMissed(),
                                score.inversions());
                    }
                }
                scores.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(tool, total);
                stable.put(tool + "/" + group, same);
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("| group | tool | CER | CER no spaces | word acc. | lines missed | order inversions "
                + "| pages/s 1 client | pages/s 4 clients | peak RSS MiB (1 client) | same text at 4 clients |\n");
        table.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (String group : TestPages.GROUPS) {
            int pages =
                    Files.readAllLines(dir.resolve("list-" + group + ".txt")).size();
            for (String tool : TOOLS) {
                OcrScore s = scores.get(group).get(tool);
                Run one = runs.get(tool + "/" + group + "/1");
                Run four = runs.get(tool + "/" + group + "/4");
                table.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %.2f%% | %.2f%% | %.1f%% | %d / %d | %d | %s | %s | %d | %s |%n",
                        group,
                        tool,
                        100 * s.cer(),
                        100 * s.cerNoSpace(),
                        100 * s.wordAccuracy(),
                        s.linesMissed(),
                        s.lines(),
                        s.inversions(),
                        ACCURACY_ONLY ? "—" : String.format(Locale.ROOT, "%.2f", pages / one.seconds()),
                        four == null ? "—" : String.format(Locale.ROOT, "%.2f", pages / four.seconds()),
                        one.rssKiB() / 1024,
                        four == null ? "—" : stable.get(tool + "/" + group) ? "yes" : "no"));
            }
        }
        table.append("\nWhere the service's time goes at 1 client, ms per page: decode, preprocess and postprocess "
                + "(CPU ms), detection, classification and recognition (wall ms of the model runs), and recognition "
                + "ms per line by tensor width (each line alone):\n\n");
        for (String group : TestPages.GROUPS) {
            table.append("- ")
                    .append(group)
                    .append(':')
                    .append(runs.get("service/" + group + "/1").split())
                    .append('\n');
        }
        System.out.print(table);
        Files.writeString(dir.resolve("table.md"), table.toString());
    }

    private static String readOrEmpty(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static Run parse(String line) {
        String[] parts = line.strip().split(" ", 3);
        return new Run(Double.parseDouble(parts[0]), Long.parseLong(parts[1]), parts.length > 2 ? " " + parts[2] : "");
    }

    /** Tesseract, one process per page, {@code clients} at a time; the largest process's peak RSS. */
    private static Run tesseract(List<String> files, int clients, int repeat, Path out) throws Exception {
        List<String> work = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            work.addAll(files);
        }
        exec(List.of("/usr/bin/time", "-f", "%M", "tesseract", files.get(0), "stdout", "--psm", "3"), null);
        // Tesseract at its fastest here: OMP_THREAD_LIMIT=1 (as its documentation advises for running
        // several at once). With OpenMP's default threads it read the clean pages 7 times slower on
        // this 2-core machine, at 1 client and at 4.
        AtomicInteger next = new AtomicInteger();
        AtomicLong rss = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
                    String file = work.get(i);
                    Path text = Files.createTempFile("tess", ".txt");
                    Path err = Files.createTempFile("tess", ".err");
                    ProcessBuilder builder = new ProcessBuilder(
                                    "/usr/bin/time", "-f", "%M", "tesseract", file, "stdout", "--psm", "3")
                            .redirectOutput(text.toFile())
                            .redirectError(err.toFile());
                    builder.environment().put("OMP_THREAD_LIMIT", "1");
                    Process p = builder.start();
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException("tesseract failed on " + file + ": " + Files.readString(err));
                    }
                    List<String> errLines = Files.readAllLines(err);
                    rss.accumulateAndGet(
                            Long.parseLong(errLines.get(errLines.size() - 1).strip()), Math::max);
                    Files.move(
                            text,
                            out.resolve(Path.of(file).getFileName().toString().replaceAll("\\.[a-z]+$", "") + ".txt"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.delete(err);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return new Run((System.nanoTime() - start) / 1e9, rss.get(), "");
    }

    private static String exec(List<String> command, Path cwd) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        Process p = builder.start();
        String stdout = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed with " + p.exitValue());
        }
        String[] lines = stdout.strip().split("\n");
        return lines[lines.length - 1];
    }
}
