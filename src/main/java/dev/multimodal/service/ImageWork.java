package dev.multimodal.service;

import dev.multimodal.runtime.Niceness;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.Executor;

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
 */
@ApplicationScoped
public class ImageWork {

    @Inject
    Vertx vertx;

    @Inject
    MmfConfig config;

    private WorkerExecutor workers;
    private int size;

    @PostConstruct
    void init() {
        start(vertx, threads(config.image().threads(), Runtime.getRuntime().availableProcessors()));
    }

    void start(Vertx vertx, int size) {
        this.size = size;
        this.workers = vertx.createSharedWorkerExecutor("mmf-image", size);
    }

    @PreDestroy
    void close() {
        workers.close();
    }

    /** The pool's size for a setting: the setting when positive, else four per core. */
    static int threads(int setting, int cores) {
        if (setting < 0) {
            throw new IllegalArgumentException("mmf.image.threads must be 0 (four per core) or more, not " + setting);
        }
        return setting > 0 ? setting : 4 * Math.max(1, cores);
    }

    public int size() {
        return size;
    }

    /** Runs {@code task} on one of the threads, unordered; a failure it throws is the task's to report. */
    public void run(Runnable task) {
        workers.executeBlocking(() -> {
            Niceness.background();
            task.run();
            return null;
        }, false);
    }

    /** The threads as an {@link Executor}, for the use cases' blocking steps. */
    public Executor executor() {
        return this::run;
    }
}
