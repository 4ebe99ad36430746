package dev.multimodal.shutdown;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One SIGTERM-under-load trial against the packaged application: start {@code quarkus-run.jar} as a
 * process (its JVM crash logs directed to a fresh folder), put read-text and encode-text requests
 * in flight, send SIGTERM, and record what every request got, what readiness and a new request got
 * after the signal, the exit status and any crash log. JDK only, so that {@code bench/drain} runs it
 * with the source launcher: {@code java src/test/java/dev/multimodal/shutdown/DrainTrial.java 5}.
 */
public final class DrainTrial {

    /**
     * @param ok           in-flight requests answered 200
     * @param largeOk      of those, read-text requests whose body was over 16 KB: every second one is
     *                     padded to 24 KB, so that it is parsed on the image threads, not the event loop
     * @param refused      in-flight requests answered a clean 503 (JSON error and Retry-After)
     * @param lost         in-flight requests with no answer (connection reset or closed)
     * @param unexpected   other answers, as "status body"
     * @param readiness    what /q/health/ready answered after the signal: 503, or -1 if the process was gone
     * @param newWork      what a request sent after the signal got: 503 with Retry-After, or -1 if gone
     * @param exitStatus   the JVM's exit status; SIGTERM's normal one is 143 (128 + 15)
     * @param crashLogs    hs_err_pid*.log files the JVM wrote
     * @param okAfterSignal of the 200s, those still unanswered when the signal went: work that ran through the drain
     */
    public record Result(
            int ok,
            int largeOk,
            int refused,
            int lost,
            List<String> unexpected,
            java.util.Map<String, Integer> reasons,
            int readiness,
            int newWork,
            boolean newWorkHadRetryAfter,
            int exitStatus,
            List<Path> crashLogs,
            int okAfterSignal,
            Path log) {

        public boolean clean() {
            return lost == 0
                    && unexpected.isEmpty()
                    && crashLogs.isEmpty()
                    && (exitStatus == 0 || exitStatus == 143)
                    && (readiness == 503 || readiness == -1)
                    && (newWork == -1 || newWork == 503 && newWorkHadRetryAfter);
        }

        @Override
        public String toString() {
            return "200: " + ok + " (read-text over 16 KB: " + largeOk + "), clean 503: " + refused + " " + reasons
                    + ", lost: " + lost + ", unexpected: " + unexpected
                    + ", readiness after SIGTERM: " + readiness + ", new request after SIGTERM: " + newWork
                    + ", exit status: " + exitStatus + ", crash logs: " + crashLogs.size()
                    + ", 200 after the signal: " + okAfterSignal + " (log " + log + ")";
        }
    }

    /** A body this size is parsed on the image threads (RequestGuard: over 16 KB). */
    static final int LARGE_BODY_BYTES = 24 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private DrainTrial() {}

    /**
     * @param root   the project: target/quarkus-app/quarkus-run.jar, models/, functions/*&#47;request.json
     * @param work   an empty folder for the process's working directory, log and crash logs
     * @param sigtermAfter how long after the requests were sent the signal goes
     */
    public static Result run(Path root, Path work, int readTexts, int encodeTexts, Duration sigtermAfter)
            throws Exception {
        byte[] receipt = Files.readAllBytes(root.resolve("functions/read-text/request.json"));
        // the same request padded with JSON whitespace past the 16 KB that are parsed on the event loop
        byte[] largeReceipt = java.util.Arrays.copyOf(receipt, Math.max(receipt.length, LARGE_BODY_BYTES));
        java.util.Arrays.fill(largeReceipt, receipt.length, largeReceipt.length, (byte) ' ');
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < Math.max(readTexts, encodeTexts); i++) {
            if (i < readTexts) {
                requests.add(new Request("/read-text", i % 2 == 1 ? largeReceipt : receipt, i % 2 == 1));
            }
            if (i < encodeTexts) {
                requests.add(new Request("/encode-text", TEXTS, false));
            }
        }
        return run(root, work, "pp-ocrv4,all-minilm-l6-v2-q", requests, sigtermAfter);
    }

    /** A request put in flight before the signal; {@code large} ones are counted apart in {@link Result#largeOk}. */
    public record Request(String path, byte[] body, boolean large) {}

    private static final byte[] TEXTS = ("{\"texts\": ["
                    + "\"a receipt from the corner bakery, two croissants\",".repeat(15) + "\"total 5.40 EUR\"]}")
            .getBytes();

    /**
     * As {@link #run(Path, Path, int, int, Duration)}, with the service serving {@code models}
     * ({@code mmf.models.include}) and the given requests in flight.
     */
    public static Result run(Path root, Path work, String models, List<Request> requests, Duration sigtermAfter)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = work.resolve("service.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log"),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dai.djl.offline=true",
                "-Dmmf.models.dir=" + root.resolve("models").toAbsolutePath(),
                "-Dmmf.models.include=" + models,
                "-jar",
                root.resolve("target/quarkus-app/quarkus-run.jar")
                        .toAbsolutePath()
                        .toString());
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitReady(base, process, log);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            java.util.Set<CompletableFuture<HttpResponse<String>>> large = new java.util.HashSet<>();
            for (Request request : requests) {
                CompletableFuture<HttpResponse<String>> r = post(base.resolve(request.path()), request.body());
                inFlight.add(r);
                if (request.large()) {
                    large.add(r);
                }
            }
            Thread.sleep(sigtermAfter.toMillis());
            process.destroy(); // SIGTERM
            java.util.Set<CompletableFuture<HttpResponse<String>>> pending = new java.util.HashSet<>();
            inFlight.stream().filter(f -> !f.isDone()).forEach(pending::add);
            int readiness = readinessAfterSignal(base, process);
            HttpResponse<String> late = answer(post(base.resolve("/encode-text"), TEXTS));
            int ok = 0;
            int okAfterSignal = 0;
            int largeOk = 0;
            int refused = 0;
            int lost = 0;
            List<String> unexpected = new ArrayList<>();
            java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> r = answer(request);
                if (r == null) {
                    lost++;
                } else if (r.statusCode() == 200) {
                    ok++;
                    okAfterSignal += pending.contains(request) ? 1 : 0;
                    largeOk += large.contains(request) ? 1 : 0;
                } else if (r.statusCode() == 503
                        && r.headers().firstValue("Retry-After").isPresent()
                        && r.body().startsWith("{\"error\"")) {
                    refused++;
                    reasons.merge(reason(r.body()), 1, Integer::sum);
                } else {
                    unexpected.add(r.statusCode() + " " + r.body());
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the service did not exit within 120 s of SIGTERM: see " + log);
            }
            List<Path> crashLogs;
            try (Stream<Path> files = Files.list(work)) {
                crashLogs = files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid"))
                        .toList();
            }
            return new Result(
                    ok,
                    largeOk,
                    refused,
                    lost,
                    unexpected,
                    reasons,
                    readiness,
                    late == null ? -1 : late.statusCode(),
                    late != null && late.headers().firstValue("Retry-After").isPresent(),
                    process.exitValue(),
                    crashLogs,
                    okAfterSignal,
                    log);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** The kind of a 503: the words of its message up to the first number or colon. */
    private static String reason(String body) {
        String message = body.replaceFirst("^\\{\"error\":\"", "");
        String kind = message.replaceFirst("^(model|the) \\S+ ", "")
                .split("[:0-9]", 2)[0]
                .trim();
        return kind.length() > 60 ? kind.substring(0, 60) : kind;
    }

    private static CompletableFuture<HttpResponse<String>> post(URI uri, byte[] body) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(90))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The answer, or null when the connection failed: the request was lost. */
    private static HttpResponse<String> answer(CompletableFuture<HttpResponse<String>> request) throws Exception {
        try {
            return request.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }

    /** Polls readiness until it is DOWN (503) or the process is gone (-1); 200 if it never turned DOWN. */
    private static int readinessAfterSignal(URI base, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = HTTP.send(
                                HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (last == 503) {
                    return last;
                }
            } catch (IOException e) {
                if (!process.isAlive()) {
                    return -1;
                }
                // a pooled connection the server closed (Connection: close while draining): try a new one
            }
            Thread.sleep(20);
        }
        return last;
    }

    private static void awaitReady(URI base, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited at start: see " + log);
            }
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service was not ready within 6 minutes: see " + log);
    }

    /** {@code java DrainTrial.java [trials] [sigterm-after-ms]}, from the project root; exit 1 unless every trial was clean. */
    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long after = args.length > 1 ? Long.parseLong(args[1]) : 1500;
        int clean = 0;
        int crashes = 0;
        int lost = 0;
        for (int t = 1; t <= trials; t++) {
            Path work = Files.createTempDirectory("drain-trial-");
            Result r = run(Path.of("."), work, 16, 16, Duration.ofMillis(after));
            System.out.println("trial " + t + ": " + r);
            clean += r.clean() ? 1 : 0;
            crashes += r.crashLogs().isEmpty() && r.exitStatus() != 134 && r.exitStatus() != 139 ? 0 : 1;
            lost += r.lost();
        }
        System.out.printf(
                "drain: %d trials, %d clean, %d with a crash, %d requests lost%n", trials, clean, crashes, lost);
        System.exit(clean == trials ? 0 : 1);
    }
}
