package dev.multimodal.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * {@code bench/overload (dev.multimodal.bench.Overload) BASE-URL PID N}: N read-text requests with a 1 MP page (1000 × 1000,
 * twelve lines of text), all sent at once; meanwhile the readiness probe every 100 ms and the
 * process's RSS every 100 ms. JDK only. Prints one table; exit 1 if a target was missed.
 */
public final class Overload {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        long pid = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        byte[] body = ("{\"image\": \"data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(page()) + "\"}")
                .getBytes();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong worstProbeNanos = new AtomicLong();
        AtomicLong worstProbeAt = new AtomicLong();
        long began = System.nanoTime();
        AtomicLong probeFailures = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        AtomicLong peakSampled = new AtomicLong();
        // The prober's client is warmed before the burst, as a kubelet's is: its first request (class
        // loading, a connection) in this JVM while it sends the burst took up to 1.7 s on its own.
        HttpClient probeClient =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 3; i++) {
            probeClient.send(
                    HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        Thread prober = new Thread(() -> {
            while (!done.get()) {
                long start = System.nanoTime();
                try {
                    int status = probeClient
                            .send(
                                    HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status != 200) {
                        probeFailures.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    probeFailures.incrementAndGet();
                }
                long took = System.nanoTime() - start;
                if (took > worstProbeNanos.get()) {
                    worstProbeNanos.set(took);
                    worstProbeAt.set(start - began);
                }
                probes.incrementAndGet();
                sleep(100);
            }
        });
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peakSampled.accumulateAndGet(status(pid, "VmRSS"), Math::max);
                sleep(100);
            }
        });
        prober.start();
        sampler.start();
        long start = System.nanoTime();
        List<CompletableFuture<long[]>> answers = new ArrayList<>();
        Map<String, Integer> reasons = new java.util.concurrent.ConcurrentSkipListMap<>();
        Map<String, Long> slowestByReason = new java.util.concurrent.ConcurrentSkipListMap<>();
        for (int i = 0; i < n; i++) {
            long sent = System.nanoTime();
            answers.add(http.sendAsync(
                            HttpRequest.newBuilder(base.resolve("/read-text"))
                                    .timeout(Duration.ofSeconds(300))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> {
                        long took = System.nanoTime() - sent;
                        if (r != null && r.statusCode() != 200) {
                            reasons.merge(reason(r.body()), 1, Integer::sum);
                            slowestByReason.merge(reason(r.body()), took, Math::max);
                        }
                        return new long[] {r == null ? -1 : r.statusCode(), took};
                    }));
        }
        Map<Long, Integer> byStatus = new TreeMap<>();
        long slowest = 0;
        long slowest200 = 0;
        long slowest503 = 0;
        for (CompletableFuture<long[]> answer : answers) {
            long[] a = answer.get();
            byStatus.merge(a[0], 1, Integer::sum);
            slowest = Math.max(slowest, a[1]);
            if (a[0] == 200) {
                slowest200 = Math.max(slowest200, a[1]);
            } else if (a[0] == 503) {
                slowest503 = Math.max(slowest503, a[1]);
            }
        }
        long wall = System.nanoTime() - start;
        sleep(500);
        done.set(true);
        prober.join();
        sampler.join();
        long peak = status(pid, "VmHWM");
        int lost = byStatus.getOrDefault(-1L, 0);
        System.out.printf(
                "overload: %d concurrent read-text, 1 MP pages (1000x1000 PNG, %d KB)%n", n, body.length / 1024);
        System.out.printf("| answers by status | %s (-1 = no answer) |%n", byStatus);
        System.out.printf("| refusals by reason | %s |%n", reasons);
        System.out.printf(
                "| slowest refusal by reason | %s |%n",
                slowestByReason.entrySet().stream()
                        .map(e -> e.getKey() + "=" + String.format("%.2f s", e.getValue() / 1e9))
                        .toList());
        System.out.printf(
                "| slowest answer | %.1f s (200: %.1f s, 503: %.2f s); all answered in %.1f s |%n",
                slowest / 1e9, slowest200 / 1e9, slowest503 / 1e9, wall / 1e9);
        System.out.printf("| requests lost | %d |%n", lost);
        System.out.printf(
                "| readiness probe | %d probes, worst %.0f ms (sent %.1f s after the start), %d not 200 |%n",
                probes.get(), worstProbeNanos.get() / 1e6, worstProbeAt.get() / 1e9, probeFailures.get());
        System.out.printf(
                "| RSS | peak %d MiB (VmHWM), highest sample %d MiB, now %d MiB |%n",
                peak / 1024, peakSampled.get() / 1024, status(pid, "VmRSS") / 1024);
        boolean met = peak <= 2_500L * 1024
                && slowest <= 30_000_000_000L
                && worstProbeNanos.get() <= 1_000_000_000L
                && probeFailures.get() == 0
                && lost == 0
                && byStatus.keySet().stream().allMatch(s -> s == 200 || s == 503);
        System.out.println("targets (peak RSS <= 2.5 GB, answers <= 30 s, probes <= 1 s, none lost, only 200/503): "
                + (met ? "met" : "MISSED"));
        System.exit(met ? 0 : 1);
    }

    /**
     * The kind of a refusal: the setting its message names (which limit refused it), else the message
     * without the model's name, up to the first number or colon.
     */
    private static String reason(String body) {
        java.util.regex.Matcher setting =
                java.util.regex.Pattern.compile("\\((mmf\\.[a-z.-]+)\\)").matcher(body);
        if (setting.find()) {
            return setting.group(1);
        }
        String message = body.replaceFirst("^\\{\"error\":\"", "").replaceFirst("^(model|the) \\S+ ", "");
        String kind = message.split("[:0-9]", 2)[0].trim();
        return kind.length() > 70 ? kind.substring(0, 70) : kind;
    }

    /** A field of /proc/PID/status in KiB. */
    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException gone) {
            return 0;
        }
        return 0;
    }

    private static byte[] page() throws IOException {
        BufferedImage image = new BufferedImage(1000, 1000, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(252, 250, 244));
        g.fillRect(0, 0, 1000, 1000);
        g.setColor(new Color(30, 30, 40));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 30));
        for (int i = 0; i < 12; i++) {
            g.drawString("Line " + (i + 1) + ": 2 croissants 5.40 EUR, coffee 2.10", 60, 80 + i * 75);
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
