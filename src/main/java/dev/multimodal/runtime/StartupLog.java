package dev.multimodal.runtime;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * One log line per start-up phase, in a fixed shape that {@code bench/coldstart} reads:
 * {@code startup <phase> <subject> <ms> ms}. Phases: {@code jvm} (JVM and framework until the
 * models start loading, from the JVM's own start time), {@code checksums}, {@code session},
 * {@code tokenizer}, {@code encoders} (building a model's encoders, tokenizer and warm-up included).
 */
public final class StartupLog {

    private static final Logger LOG = Logger.getLogger(StartupLog.class.getName());

    private StartupLog() {
    }

    /** Logs the time since {@code startNanos} (a {@link System#nanoTime()}) and returns it in ms. */
    public static double phase(String phase, String subject, long startNanos) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        LOG.info(String.format(Locale.ROOT, "startup %s %s %.1f ms", phase, subject, ms));
        return ms;
    }

    /** Logs how long the JVM has been up: the JVM and framework share of a start. */
    public static void uptime(String subject) {
        long ms = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info(String.format(Locale.ROOT, "startup jvm %s %d.0 ms", subject, ms));
    }
}
