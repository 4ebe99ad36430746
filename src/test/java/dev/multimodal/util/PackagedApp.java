package dev.multimodal.util;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged application ({@code target/quarkus-app}) as a process of its own on a free loopback port. */
public final class PackagedApp implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String name;
    private final Process process;
    private final URI base;

    private PackagedApp(String name, Process process, URI base) {
        this.name = name;
        this.process = process;
        this.base = base;
    }

    /** Starts it with the bundled models, {@code env} and extra {@code -D} properties; logs to target/{name}.log. */
    public static PackagedApp start(String name, Map<String, String> env, List<String> properties) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dai.djl.offline=true",
                "-Dmmf.models.dir=" + Path.of("models").toAbsolutePath()));
        command.addAll(properties);
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        builder.environment().putAll(env);
        return new PackagedApp(name, builder.start(), URI.create("http://127.0.0.1:" + port + "/"));
    }

    public static Path log(String name) {
        return Path.of("target", name + ".log");
    }

    public URI base() {
        return base;
    }

    public int port() {
        return base.getPort();
    }

    public Process process() {
        return process;
    }

    /** Waits (at most 3 minutes) for readiness; fails at once if the process exits. */
    public PackagedApp awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: see " + log(name));
            }
            try {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready: see " + log(name));
    }

    @Override
    public void close() {
        process.destroy();
    }
}
