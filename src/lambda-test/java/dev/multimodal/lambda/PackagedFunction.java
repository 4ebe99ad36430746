package dev.multimodal.lambda;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's deployment package (target/lambda/&lt;function&gt;.zip) run as AWS's Java runtime
 * runs it: unzipped into a task folder, which is the working directory, and started by AWS's
 * runtime interface client, which loads the task folder and its lib/ in a class loader of their own
 * and calls the handler named in the SAM templates. The process talks to a loopback Runtime API.
 */
final class PackagedFunction implements AutoCloseable {

    static final String HANDLER = "dev.multimodal.lambda.FunctionHandler::handleRequest";

    /** The function's SAM template, deploy/lambda/&lt;function&gt;.yaml, as a tree (SAM's !tags ignored). */
    static JsonNode template(String function) throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("deploy", "lambda", function + ".yaml").toFile());
    }

    /** The environment the template gives the function, with /var/task standing for the task folder. */
    static Map<String, String> templateEnvironment(String function, Path task) throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        template(function)
                .at("/Resources/Function/Properties/Environment/Variables")
                .fields()
                .forEachRemaining(
                        e -> env.put(e.getKey(), e.getValue().asText().replace("/var/task", task.toString())));
        return env;
    }

    private final Process process;

    private PackagedFunction(Process process) {
        this.process = process;
    }

    static Path zip(String function) {
        Path zip = Path.of("target", "lambda", function + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: ./mvnw -Plambda package builds it");
        }
        return zip;
    }

    /** Unzips the function's package into target/lambda-task/&lt;function&gt; (afresh) and returns it. */
    static Path unzip(String function) throws IOException {
        Path task = Path.of("target", "lambda-task", function).toAbsolutePath();
        if (Files.exists(task)) {
            try (var walk = Files.walk(task)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(task);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zip(function)))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = task.resolve(entry.getName()).normalize();
                if (!target.startsWith(task)) {
                    throw new IOException("zip entry outside the task folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return task;
    }

    /** Starts the runtime in the task folder with the environment Lambda gives a function of this configuration. */
    static PackagedFunction start(Path task, String function, String runtimeApi, Path log) throws IOException {
        // JVM options come from the template's JAVA_TOOL_OPTIONS, as on Lambda
        String handler =
                template(function).at("/Resources/Function/Properties/Handler").asText();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                runtimeClientClasspath(),
                AWSLambda.class.getName(),
                handler));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(task.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("_HANDLER", handler);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "loopback");
        // what deploy/lambda/<function>.yaml sets: the export, the models, the JVM options
        env.putAll(templateEnvironment(function, task));
        return new PackagedFunction(builder.start());
    }

    /** AWS's runtime interface client and what it needs, from this test's own class path. */
    private static String runtimeClientClasspath() {
        List<String> jars = new ArrayList<>();
        for (String type : List.of(
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
                "com.amazonaws.services.lambda.runtime.Context")) {
            try {
                jars.add(Path.of(Class.forName(type)
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString());
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("the Lambda runtime client is not on the test class path", e);
            }
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The process's peak resident memory (VmHWM) in MiB, or -1 where /proc does not say. */
    long peakRssMiB() {
        try (InputStream in = Files.newInputStream(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            for (String line : new String(in.readAllBytes()).split("\n")) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
