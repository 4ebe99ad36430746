package dev.multimodal.runtime;

import java.lang.management.ManagementFactory;
import java.util.logging.Logger;

/**
 * One log line per start-up phase, in a fixed shape that {@code bench/coldstart} reads:
 * {@code startup <phase> <subject> <ms> ms}. Phases: {@code jvm} (JVM and framework until the
 * models start loading, from the JVM's own start time), {@code config} (the early read of the
 * configuration), {@code onnxruntime} (its library and environment), {@code checksums}, {@code session},
 * {@code tokenizer}, {@code encoders} (building a model's encoders, tokenizer and warm-up included).
 */
public final class StartupLog {

    private static final Logger LOG = Logger.getLogger(StartupLog.class.getName());

    private StartupLog() {}

    /** Logs the time since {@code startNanos} (a {@link System#nanoTime()}) and returns it in ms. */
    public static double phase(String phase, String subject, long startNanos) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        LOG.info("startup " + phase + " " + subject + " " + tenths(ms) + " ms");
        return ms;
    }

    /**
     * {@code ms} with one decimal ({@code 12.3}), without {@link String#format}: its first use with a
     * decimal loads the locale data (10-15 ms), on the early-models thread that a cold start waits for.
     */
    static String tenths(double ms) {
        long t = Math.round(ms * 10);
        return (t < 0 ? "-" : "") + Math.abs(t) / 10 + "." + Math.abs(t) % 10;
    }

    /** Logs how long the JVM has been up: the JVM and framework share of a start. */
    public static void uptime(String subject) {
        long ms = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info("startup jvm " + subject + " " + ms + ".0 ms");
    }
}
