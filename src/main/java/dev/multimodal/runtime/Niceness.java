package dev.multimodal.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lowers the scheduling priority (raises the nice value) of the threads that do the heavy work:
 * model runs, image decoding, OCR stages. Under overload those threads keep every core busy; at
 * nice 0 beside them, the HTTP event loops (which answer health probes and refuse what does not
 * fit with a quick 503) got a small share of the CPU and answered a probe in seconds. At a higher
 * nice value the heavy threads still get all the CPU the event loops leave, so throughput is the
 * same. Linux only (setpriority on the thread's id; raising one's own nice value needs no
 * privilege); elsewhere, or when it fails, nothing changes.
 */
public final class Niceness {

    private static final Logger LOG = Logger.getLogger(Niceness.class.getName());

    /** The nice value heavy threads run at. */
    public static final int BACKGROUND = 10;

    private interface C extends Library {
        int setpriority(int which, int who, int prio);
    }

    private static final C LIBC = load();
    private static final ThreadLocal<Boolean> DONE = ThreadLocal.withInitial(() -> false);
    private static volatile boolean enabled = true;

    private Niceness() {}

    private static C load() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            return Native.load("c", C.class);
        } catch (Throwable e) {
            LOG.log(Level.FINE, "no libc through JNA: heavy threads keep their priority", e);
            return null;
        }
    }

    /** Whether {@link #background} lowers a thread's priority ({@code mmf.runtime.lower-priority}). */
    public static void enable(boolean on) {
        enabled = on;
    }

    /** Runs the calling thread at {@link #BACKGROUND}, once per thread; a no-op where unsupported or off. */
    public static void background() {
        if (LIBC == null || !enabled || DONE.get()) {
            return;
        }
        DONE.set(true);
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            int tid = Integer.parseInt(stat.substring(0, stat.indexOf(' ')));
            LIBC.setpriority(0 /* PRIO_PROCESS: on Linux, one thread by its id */, tid, BACKGROUND);
        } catch (Throwable e) {
            LOG.log(Level.FINE, "could not lower this thread's priority", e);
        }
    }

    /** This thread's nice value, from /proc; null where unreadable. */
    public static Integer current() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]); // field 19 of stat: nice
        } catch (Exception e) {
            return null;
        }
    }
}
