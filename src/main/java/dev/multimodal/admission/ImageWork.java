package dev.multimodal.admission;

import dev.multimodal.config.MmfConfig;
import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.runtime.Niceness;
import dev.multimodal.settings.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads that do the heavy part of an image request: parsing its body (an image as
 * base64) and decoding the image. They run at {@link Niceness#BACKGROUND}, and there are few of
 * them ({@code mmf.image.threads}, four per core by default): a burst of requests queues for them.
 *
 * <p>Before, that work ran on Quarkus's worker pool, which starts a thread per waiting task up to
 * 200. A burst of 200 image requests started about a hundred threads at once; the event loops
 * waited on the locks those threads held (loading a class, for one) while each of them got a
 * hundredth of the CPU, and the health probes waited seconds (bench/overload: worst probe
 * 1.6–2.8 s with the shared pool, 0.5–0.6 s with eight threads).
 *
 * <p>At most {@code mmf.image.max-waiting} tasks wait for a thread; one more is refused at once
 * ({@link #tryRun}, or {@link OverloadedException} from the {@link #executor()}). With an unbounded
 * queue a burst of 200 pages was refused 5–6 s late: each request waited behind the others for a
 * thread, only to find the decoded-pixel budget full. Work that is already on one of the threads
 * (a request whose body was parsed there, going on to decode its image) runs in place instead of
 * queueing behind the burst a second time.
 */
@ApplicationScoped
public class ImageWork {

    @Inject
    Vertx vertx;

    @Inject
    MmfConfig config;

    private static final ThreadLocal<Boolean> ON_IMAGE_THREAD = ThreadLocal.withInitial(() -> false);

    private final AtomicInteger waiting = new AtomicInteger();
    private WorkerExecutor workers;
    private int size;
    private int maxWaiting;
    private int retryAfterSeconds = 1;

    @PostConstruct
    void init() {
        int threads = threads(config.image().threads(), Runtime.getRuntime().availableProcessors());
        retryAfterSeconds = Math.max(1, config.batch().retryAfterSeconds());
        start(vertx, threads, maxWaiting(config.image().maxWaiting(), threads));
    }

    void start(Vertx vertx, int size, int maxWaiting) {
        this.size = size;
        this.maxWaiting = maxWaiting;
        this.workers = vertx.createSharedWorkerExecutor("mmf-image", size);
    }

    @PreDestroy
    void close() {
        workers.close();
    }

    /** The pool's size for a setting: the setting when positive, else four per core. */
    static int threads(int setting, int cores) {
        if (setting < 0) {
            throw new IllegalArgumentException(
                    Keys.IMAGE_THREADS + " must be 0 (four per core) or more, not " + setting);
        }
        return setting > 0 ? setting : 4 * Math.max(1, cores);
    }

    /** Tasks that may wait for a thread: the setting when positive, else twice the threads. */
    static int maxWaiting(int setting, int threads) {
        if (setting < 0) {
            throw new IllegalArgumentException(
                    Keys.IMAGE_MAX_WAITING + " must be 0 (twice the threads) or more, not " + setting);
        }
        return setting > 0 ? setting : 2 * threads;
    }

    public int size() {
        return size;
    }

    /** Tasks submitted and not yet started. */
    public int waiting() {
        return waiting.get();
    }

    public int maxWaiting() {
        return maxWaiting;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The refusal's message when {@link #tryRun} gives false. */
    public String busyMessage() {
        return "the image service is overloaded: " + waiting() + " requests wait for its " + size + " threads, "
                + "at most " + maxWaiting + " may (" + Keys.IMAGE_MAX_WAITING + ")";
    }

    /** Whether the current thread is one of these. */
    public static boolean onImageThread() {
        return ON_IMAGE_THREAD.get();
    }

    /**
     * Runs {@code task} on one of the threads, unordered, unless {@code mmf.image.max-waiting} tasks
     * wait already: then it gives false and {@code task} never runs. A failure the task throws is the
     * task's to report.
     */
    public boolean tryRun(Runnable task) {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return false;
        }
        workers.executeBlocking(
                () -> {
                    waiting.decrementAndGet();
                    ON_IMAGE_THREAD.set(true);
                    try {
                        Niceness.background();
                        task.run();
                    } finally {
                        ON_IMAGE_THREAD.set(false);
                    }
                    return null;
                },
                false);
        return true;
    }

    /**
     * The threads as an {@link Executor}, for the use cases' blocking steps: a task given on one of
     * the threads runs in place; one that cannot wait throws {@link OverloadedException}.
     */
    public Executor executor() {
        return task -> {
            if (onImageThread()) {
                task.run();
            } else if (!tryRun(task)) {
                throw new OverloadedException(busyMessage(), retryAfterSeconds);
            }
        };
    }
}
