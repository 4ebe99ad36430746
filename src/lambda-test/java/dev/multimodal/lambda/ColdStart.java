package dev.multimodal.lambda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the Lambda packages (bench/coldstart-lambda): for each function, N times, the time
 * from starting the runtime process to the first response posted to the loopback Runtime API for
 * its sample request, and the process's peak RSS after it. Prints one table row per function.
 *   ColdStart [runs] [function...]
 */
public final class ColdStart {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> functions =
                args.length > 1 ? List.of(args).subList(1, args.length) : List.of("encode-text", "fuse", "read-text");
        System.out.printf(
                "%-12s %5s %10s %10s %10s %12s%n", "function", "runs", "median ms", "min ms", "max ms", "peak RSS MiB");
        for (String function : functions) {
            Path task = PackagedFunction.unzip(function);
            String event = MockLambda.sample(function);
            List<Long> millis = new ArrayList<>();
            long rss = 0;
            for (int i = 0; i < runs; i++) {
                try (LoopbackRuntimeApi api = new LoopbackRuntimeApi()) {
                    var answer = api.invoke(event);
                    long start = System.nanoTime();
                    try (PackagedFunction process = PackagedFunction.start(
                            task,
                            function,
                            api.address(),
                            Path.of("target", "lambda-task", function + "-coldstart.log"))) {
                        LoopbackRuntimeApi.Answer first = answer.get(5, TimeUnit.MINUTES);
                        if (first.isError()) {
                            throw new IllegalStateException(function + ": " + first.errorType() + " " + first.body());
                        }
                        millis.add(TimeUnit.NANOSECONDS.toMillis(first.nanoTime() - start));
                        rss = Math.max(rss, process.peakRssMiB());
                    }
                }
            }
            List<Long> sorted = millis.stream().sorted().toList();
            long median = sorted.size() % 2 == 1
                    ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            System.out.printf(
                    "%-12s %5d %10d %10d %10d %12d%n",
                    function, runs, median, sorted.get(0), sorted.get(sorted.size() - 1), rss);
        }
    }
}
