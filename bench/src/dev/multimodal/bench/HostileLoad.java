package dev.multimodal.bench;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Hostile traffic against a running service on loopback, phase by phase: an overload burst of
 * 1 MP read-text requests all at once, mixed image sizes from many clients at once, an image soak
 * and a text soak (each bounded by a count and a time). Meanwhile one thread probes the health
 * endpoint every 250 ms and another samples the service's RSS every 250 ms. Prints one table row
 * per phase: answers by status (000 = no answer: a timeout or a reset), the slowest answer, RSS
 * at the phase's end and its peak, the health probe's worst latency.
 *
 * Usage: bench/hostile (dev.multimodal.bench.HostileLoad) BASE_URL PID BURST IMAGES TEXTS MAX_SECONDS_PER_SOAK MIXED_ROUNDS
 */
public final class HostileLoad {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private static String base;
    private static Path status;
    private static final AtomicLong peakRssKib = new AtomicLong();
    private static final AtomicLong worstHealthMs = new AtomicLong();

    public static void main(String[] args) throws Exception {
        base = args[0];
        status = Path.of("/proc", args[1], "status");
        int burst = Integer.parseInt(args[2]);
        int images = Integer.parseInt(args[3]);
        int texts = Integer.parseInt(args[4]);
        long maxSeconds = Long.parseLong(args[5]);
        int mixedRounds = Integer.parseInt(args[6]);
        Thread sampler = daemon(HostileLoad::sample);
        Thread prober = daemon(HostileLoad::probe);
        sampler.start();
        prober.start();

        System.out.printf(Locale.ROOT, "RSS before: %d MiB%n", rssKib() / 1024);
        System.out.println("| phase | requests | answers by status | slowest s | RSS end MiB | RSS peak MiB | health worst ms |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|");

        byte[] page = jpeg(1000, 1000, 1);
        String pageBody = "{\"image\":\"" + Base64.getEncoder().encodeToString(page) + "\"}";
        run("overload: " + burst + " × read-text 1 MP at once", "/read-text", burst, burst, Long.MAX_VALUE,
                i -> pageBody);

        // eight sizes, eight clients, a few rounds: sizes that differ land in one detection batch
        List<String> mixed = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            mixed.add("{\"image\":\"" + Base64.getEncoder().encodeToString(jpeg(480 + 61 * s, 360 + 47 * s, s)) + "\"}");
        }
        run("mixed sizes: 8 clients × " + mixedRounds + ", read-text", "/read-text", 8 * mixedRounds, 8, Long.MAX_VALUE,
                i -> mixed.get(i % mixed.size()));

        List<String> varied = new ArrayList<>();
        Random random = new Random(13);
        for (int s = 0; s < 16; s++) {
            double megapixels = 0.3 + 0.7 * random.nextDouble();
            int width = (int) Math.sqrt(megapixels * 1_000_000 * 4 / 3);
            varied.add("{\"image\":\"" + Base64.getEncoder().encodeToString(jpeg(width, width * 3 / 4, s)) + "\"}");
        }
        run("image soak: encode-image 0.3–1 MP, 4 clients", "/encode-image", images, 4, maxSeconds,
                i -> varied.get(i % varied.size()));

        run("text soak: encode-text, 16 clients", "/encode-text", texts, 16, maxSeconds,
                i -> "{\"texts\":[\"hostile soak sentence number " + i + " about " + (i % 97) + " things\"]}");
        System.out.printf(Locale.ROOT, "RSS after: %d MiB, peak %d MiB, health worst %d ms%n", rssKib() / 1024,
                peakRssKib.get() / 1024, worstHealthMs.get());
    }

    private static void run(String phase, String path, int count, int clients, long maxSeconds,
                            IntFunction<String> body) throws Exception {
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        AtomicLong slowestNanos = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long deadline = maxSeconds == Long.MAX_VALUE ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        peakRssKib.set(rssKib());
        worstHealthMs.set(0);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                    sent.incrementAndGet();
                    long t = System.nanoTime();
                    int code;
                    try {
                        code = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                                .header("Content-Type", "application/json").timeout(ANSWER_TIMEOUT)
                                .POST(HttpRequest.BodyPublishers.ofString(body.apply(i))).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        code = 0;
                    }
                    slowestNanos.accumulateAndGet(System.nanoTime() - t, Math::max);
                    byStatus.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        Map<Integer, Integer> sorted = new TreeMap<>();
        byStatus.forEach((k, v) -> sorted.put(k, v.get()));
        StringBuilder counts = new StringBuilder();
        sorted.forEach((k, v) -> counts.append(counts.isEmpty() ? "" : ", ").append(String.format("%03d", k))
                .append(": ").append(v));
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.1f | %d | %d | %d |%n", phase, sent.get(), counts,
                slowestNanos.get() / 1e9, rssKib() / 1024, peakRssKib.get() / 1024, worstHealthMs.get());
    }

    /** A page of dark text on light paper, so OCR has lines to find. */
    private static byte[] jpeg(int width, int height, int seed) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(245, 243, 236));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(20, 20, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        Random random = new Random(seed);
        for (int y = 60; y < height - 20; y += 70) {
            g.drawString("Invoice " + (1000 + random.nextInt(9000)) + " total " + random.nextInt(500) + ".00 EUR",
                    30, y);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static Thread daemon(Runnable loop) {
        Thread t = new Thread(loop);
        t.setDaemon(true);
        return t;
    }

    private static void sample() {
        while (true) {
            peakRssKib.accumulateAndGet(rssKib(), Math::max);
            sleep(250);
        }
    }

    private static void probe() {
        while (true) {
            long t = System.nanoTime();
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/live")).timeout(Duration.ofSeconds(30))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // counted as its latency: up to the timeout
            }
            worstHealthMs.accumulateAndGet((System.nanoTime() - t) / 1_000_000, Math::max);
            sleep(250);
        }
    }

    private static long rssKib() {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // the service has gone
        }
        return 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
