package dev.multimodal.bench;

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
import javax.imageio.ImageIO;

/**
 * Hostile traffic against a running service on loopback, phase by phase: an overload burst of
 * 1 MP read-text requests all at once, mixed image sizes from many clients at once, an image soak
 * and a text soak (each bounded by a count and a time). Meanwhile one thread probes the health
 * endpoint every 250 ms and another samples the service's RSS every 250 ms. Prints one table row
 * per phase: answers by status (000 = no answer: a timeout or a reset), the slowest answer, RSS
 * at the phase's end and its peak, the health probe's worst latency.
 *
 * Usage: bench/hostile (dev.multimodal.bench.HostileLoad) BASE_URL PID BURST IMAGES TEXTS MAX_SECONDS_PER_SOAK MIXED_ROUNDS
 * <p>
 * The 1 GiB profile ({@code HostileLoad BASE_URL PID 1g}, the service started with
 * {@code -XX:MaxRAM=1g}): the largest legal request of each function alone and in bursts of 2, 4 and
 * 8, one row per request and burst, with the answers by status, the slowest, answers holding NaN,
 * and RSS. Targets (issue 26): the process lives, RSS under 1 GiB, every answer within 30 s, no 500, no NaN.
 * <p>
 * The abandoned burst ({@code HostileLoad BASE_URL PID cancel CLIENTS GIVE_UP_SECONDS}):
 * CLIENTS connections each send a heavy encode-text request (HOSTILE_CANCEL_KIND=summaries: a
 * score-summaries request over a 100,000-character document) and close after GIVE_UP_SECONDS without
 * reading an answer; then a lone client's small encode-text requests, one after another, show how
 * long the service went on computing for the clients that had gone (p50 per second after they left).
 * Target (issue 26): p50 back within 2 s of the last client leaving.
 */
public final class HostileLoad {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private static String base;
    private static Path status;
    private static final AtomicLong peakRssKib = new AtomicLong();
    private static final AtomicLong worstHealthMs = new AtomicLong();

    public static void main(String[] args) throws Exception {
        base = args[0];
        status = Path.of("/proc", args[1], "status");
        if (args.length > 2 && args[2].equals("1g")) {
            oneGibibyte();
            return;
        }
        if (args.length > 2 && args[2].equals("cancel")) {
            abandonedBurst(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
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
        System.out.println(
                "| phase | requests | answers by status | slowest s | RSS end MiB | RSS peak MiB | health worst ms |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|");

        byte[] page = jpeg(1000, 1000, 1);
        String pageBody = "{\"image\":\"" + Base64.getEncoder().encodeToString(page) + "\"}";
        run(
                "overload: " + burst + " × read-text 1 MP at once",
                "/read-text",
                burst,
                burst,
                Long.MAX_VALUE,
                i -> pageBody);

        // eight sizes, eight clients, a few rounds: sizes that differ land in one detection batch
        List<String> mixed = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            mixed.add(
                    "{\"image\":\"" + Base64.getEncoder().encodeToString(jpeg(480 + 61 * s, 360 + 47 * s, s)) + "\"}");
        }
        run(
                "mixed sizes: 8 clients × " + mixedRounds + ", read-text",
                "/read-text",
                8 * mixedRounds,
                8,
                Long.MAX_VALUE,
                i -> mixed.get(i % mixed.size()));

        List<String> varied = new ArrayList<>();
        Random random = new Random(13);
        for (int s = 0; s < 16; s++) {
            double megapixels = 0.3 + 0.7 * random.nextDouble();
            int width = (int) Math.sqrt(megapixels * 1_000_000 * 4 / 3);
            varied.add("{\"image\":\"" + Base64.getEncoder().encodeToString(jpeg(width, width * 3 / 4, s)) + "\"}");
        }
        run(
                "image soak: encode-image 0.3–1 MP, 4 clients",
                "/encode-image",
                images,
                4,
                maxSeconds,
                i -> varied.get(i % varied.size()));

        run(
                "text soak: encode-text, 16 clients",
                "/encode-text",
                texts,
                16,
                maxSeconds,
                i -> "{\"texts\":[\"hostile soak sentence number " + i + " about " + (i % 97) + " things\"]}");
        System.out.printf(
                Locale.ROOT,
                "RSS after: %d MiB, peak %d MiB, health worst %d ms%n",
                rssKib() / 1024,
                peakRssKib.get() / 1024,
                worstHealthMs.get());
    }

    private static void run(
            String phase, String path, int count, int clients, long maxSeconds, IntFunction<String> body)
            throws Exception {
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        AtomicLong slowestNanos = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long deadline = maxSeconds == Long.MAX_VALUE
                ? Long.MAX_VALUE
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
                        code = HTTP.send(
                                        HttpRequest.newBuilder(URI.create(base + path))
                                                .header("Content-Type", "application/json")
                                                .timeout(ANSWER_TIMEOUT)
                                                .POST(HttpRequest.BodyPublishers.ofString(body.apply(i)))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode();
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
        sorted.forEach((k, v) -> counts.append(counts.isEmpty() ? "" : ", ")
                .append(String.format("%03d", k))
                .append(": ")
                .append(v));
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %s | %.1f | %d | %d | %d |%n",
                phase,
                sent.get(),
                counts,
                slowestNanos.get() / 1e9,
                rssKib() / 1024,
                peakRssKib.get() / 1024,
                worstHealthMs.get());
    }

    /** Burst sizes of the 1 GiB profile; HOSTILE_BURSTS=1,4 shortens a run on a loaded machine. */
    private static final int[] BURSTS = java.util.Arrays.stream(
                    System.getenv().getOrDefault("HOSTILE_BURSTS", "1,2,4,8").split(","))
            .mapToInt(b -> Integer.parseInt(b.trim()))
            .toArray();

    /** The largest legal request of each function, alone and in bursts of 2, 4 and 8. */
    private static void oneGibibyte() throws Exception {
        Thread sampler = daemon(HostileLoad::sample);
        sampler.start();
        System.out.printf(Locale.ROOT, "RSS before: %d MiB%n", rssKib() / 1024);
        System.out.println("| request | burst | answers by status | slowest s | with NaN | RSS peak MiB |");
        System.out.println("|---|---:|---|---:|---:|---:|");
        String text = "The quick brown fox jumps over the lazy dog near the river bank. "
                .repeat(1_600)
                .substring(0, 100_000);
        String texts = "[\"" + String.join("\", \"", java.util.Collections.nCopies(256, text)) + "\"]";
        String summaries =
                "[\"" + String.join("\", \"", java.util.Collections.nCopies(32, text.substring(0, 2_000))) + "\"]";
        String captions =
                "[\"" + String.join("\", \"", java.util.Collections.nCopies(256, "a photo of an invoice")) + "\"]";
        Map<String, String[]> requests = new java.util.LinkedHashMap<>();
        String media = System.getenv().getOrDefault("HOSTILE_MEDIA", "");
        if (!media.isEmpty()) {
            mediaRequests(Path.of(media), requests);
        } else {
            textAndImageRequests(text, texts, summaries, captions, requests);
        }
        long worst = 0;
        int fiveHundreds = 0;
        int nans = 0;
        int lost = 0;
        long runPeakKib = 0; // each row's peak starts again at its start: the run's is their maximum
        String only = System.getenv().getOrDefault("HOSTILE_ONLY", "");
        for (Map.Entry<String, String[]> request : requests.entrySet()) {
            if (!request.getKey().contains(only)) {
                continue;
            }
            for (int burst : BURSTS) {
                long[] outcome = burst(request.getKey(), request.getValue()[0], request.getValue()[1], burst);
                worst = Math.max(worst, outcome[0]);
                fiveHundreds += (int) outcome[1];
                nans += (int) outcome[2];
                lost += (int) outcome[3];
                runPeakKib = Math.max(runPeakKib, peakRssKib.get());
                if (rssKib() == 0) {
                    System.out.println("the service has gone");
                    return;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "1 GiB profile: slowest %.1f s, %d answers of 500, %d with NaN, %d without an "
                        + "answer, RSS peak %d MiB (the rows' highest; the process's VmHWM %d MiB), process %s%n",
                worst / 1e9,
                fiveHundreds,
                nans,
                lost,
                runPeakKib / 1024,
                statusKib("VmHWM:") / 1024,
                rssKib() > 0 ? "alive" : "gone");
    }

    /** The largest legal request of each text and image function (the models deploy/ gives 1 GiB). */
    private static void textAndImageRequests(
            String text, String texts, String summaries, String captions, Map<String, String[]> requests)
            throws Exception {
        requests.put(
                "encode-text 256 × 100k chars, average",
                new String[] {"/encode-text", "{\"overflow\":\"average\",\"texts\":" + texts + "}"});
        requests.put(
                "encode-text 256 × 100k chars, truncate",
                new String[] {"/encode-text", "{\"overflow\":\"truncate\",\"texts\":" + texts + "}"});
        requests.put(
                "score-summaries 100k-char document, 32 summaries",
                new String[] {"/score-summaries", "{\"document\":\"" + text + "\",\"summaries\":" + summaries + "}"});
        // 4 MP: the largest image legal under 1 GiB (the per-image cap derived from the pixel budget)
        for (int megapixels : new int[] {4, 8, 16, 40}) {
            int width = (int) Math.sqrt(megapixels * 1_000_000.0 * 4 / 3);
            String image = Base64.getEncoder().encodeToString(jpeg(width, width * 3 / 4, megapixels));
            requests.put(
                    "encode-image " + megapixels + " MP",
                    new String[] {"/encode-image", "{\"image\":\"" + image + "\"}"});
            requests.put(
                    "read-text " + megapixels + " MP", new String[] {"/read-text", "{\"image\":\"" + image + "\"}"});
            requests.put(
                    "score-captions " + megapixels + " MP, 256 captions",
                    new String[] {"/score-captions", "{\"image\":\"" + image + "\",\"captions\":" + captions + "}"});
        }
    }

    /**
     * The largest legal request of each speech and video function: 595 s of speech (mmf.audio.max-seconds is 600)
     * and a 595 s clip at 3840 × 2160 (mmf.video.max-pixels) with that speech, made by bench/hostile.
     */
    private static void mediaRequests(Path dir, Map<String, String[]> requests) throws Exception {
        String speech =
                Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(dir.resolve("speech-595s.ogg")));
        String clip =
                Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(dir.resolve("clip-4k-595s.mkv")));
        requests.put("transcribe 595 s of speech", new String[] {"/transcribe", "{\"audio\":\"" + speech + "\"}"});
        requests.put("encode-audio 595 s of speech", new String[] {"/encode-audio", "{\"audio\":\"" + speech + "\"}"});
        requests.put("read-video 595 s 4K with speech", new String[] {"/read-video", "{\"video\":\"" + clip + "\"}"});
        requests.put(
                "encode-video 595 s 4K with speech", new String[] {"/encode-video", "{\"video\":\"" + clip + "\"}"});
    }

    /** @return the slowest answer in ns, the 500s, the answers holding NaN, the requests without an answer */
    private static long[] burst(String name, String path, String body, int count) throws Exception {
        peakRssKib.set(rssKib());
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        List<Long> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(System.nanoTime());
            sent.add(HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("Content-Type", "application/json")
                            .timeout(ANSWER_TIMEOUT)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long slowest = 0;
        long nan = 0;
        long lost = 0;
        for (int i = 0; i < count; i++) {
            int code;
            try {
                HttpResponse<String> r = sent.get(i).get(ANSWER_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                code = r.statusCode();
                nan += r.body().contains("NaN") ? 1 : 0;
            } catch (Exception e) {
                code = 0;
                lost++;
            }
            slowest = Math.max(slowest, System.nanoTime() - started.get(i));
            byStatus.merge(code, 1, Integer::sum);
        }
        StringBuilder counts = new StringBuilder();
        byStatus.forEach((k, v) -> counts.append(counts.isEmpty() ? "" : ", ")
                .append(String.format("%03d", k))
                .append(": ")
                .append(v));
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %s | %.1f | %d | %d |%n",
                name,
                count,
                counts,
                slowest / 1e9,
                nan,
                peakRssKib.get() / 1024);
        return new long[] {slowest, byStatus.getOrDefault(500, 0), nan, lost};
    }

    private static void abandonedBurst(int clients, int giveUpSeconds) throws Exception {
        URI uri = URI.create(base);
        String small = "{\"texts\":[\"a lone client's short sentence\"]}";
        long before = percentile(
                probe(small, 3_000, 0).values().stream().flatMap(List::stream).toList(), 50);
        String text = "The quick brown fox jumps over the lazy dog near the river bank. "
                .repeat(40)
                .substring(0, 2_000);
        String heavy = "{\"overflow\":\"average\",\"texts\":[\""
                + String.join("\",\"", java.util.Collections.nCopies(256, text)) + "\"]}";
        String heavyPath = "/encode-text";
        if ("summaries".equals(System.getenv("HOSTILE_CANCEL_KIND"))) { // long work in chunks of windows
            heavyPath = "/score-summaries";
            heavy = "{\"document\":\""
                    + "The quick brown fox jumps over the lazy dog near the river bank. "
                            .repeat(1_600)
                            .substring(0, 100_000)
                    + "\",\"summaries\":[\"A fox jumps over a dog.\"]}";
        }
        byte[] body = heavy.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + heavyPath + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<java.net.Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort());
            socket.getOutputStream().write(head);
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            sockets.add(socket);
        }
        Thread.sleep(giveUpSeconds * 1000L);
        for (java.net.Socket socket : sockets) {
            socket.close(); // the client gives up without reading its answer
        }
        long left = System.nanoTime();
        Map<Integer, List<Long>> bySecond = probe(small, 15_000, left);
        System.out.printf(
                Locale.ROOT,
                "abandoned burst: %d clients × %s, gone after %d s; lone client's encode-text "
                        + "p50 before the burst %.1f ms%n",
                clients,
                heavyPath.equals("/encode-text")
                        ? "encode-text 64 × 2,000 chars (average)"
                        : "score-summaries of a 100,000-character document",
                giveUpSeconds,
                before / 1e6);
        System.out.println("| seconds after the clients left | requests | p50 ms |");
        System.out.println("|---:|---:|---:|");
        int backAt = -1;
        for (Map.Entry<Integer, List<Long>> second : new TreeMap<>(bySecond).entrySet()) {
            long p50 = percentile(second.getValue(), 50);
            System.out.printf(
                    Locale.ROOT,
                    "| %d–%d | %d | %.1f |%n",
                    second.getKey(),
                    second.getKey() + 1,
                    second.getValue().size(),
                    p50 / 1e6);
            if (backAt < 0 && p50 <= Math.max(3 * before, 50_000_000L)) {
                backAt = second.getKey();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "p50 back (at most 3× before, or 50 ms) in the second starting %d s after the " + "clients left%n",
                backAt);
    }

    /** Small requests one after another for {@code millis}: latencies in ns by whole seconds since {@code from}. */
    private static Map<Integer, List<Long>> probe(String body, long millis, long from) throws Exception {
        Map<Integer, List<Long>> bySecond = new TreeMap<>();
        long end = System.nanoTime() + millis * 1_000_000L;
        long origin = from == 0 ? System.nanoTime() : from;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            try {
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/encode-text"))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // counted at its latency
            }
            bySecond.computeIfAbsent((int) ((t - origin) / 1_000_000_000L), k -> new ArrayList<>())
                    .add(System.nanoTime() - t);
        }
        return bySecond;
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
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
            g.drawString(
                    "Invoice " + (1000 + random.nextInt(9000)) + " total " + random.nextInt(500) + ".00 EUR", 30, y);
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
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/live"))
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // counted as its latency: up to the timeout
            }
            worstHealthMs.accumulateAndGet((System.nanoTime() - t) / 1_000_000, Math::max);
            sleep(250);
        }
    }

    private static long rssKib() {
        return statusKib("VmRSS:");
    }

    /** A line of /proc/<pid>/status in KiB (VmRSS: now; VmHWM: the kernel's high-water mark), 0 once gone. */
    private static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith(field)) {
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
