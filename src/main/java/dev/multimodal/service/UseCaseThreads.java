package dev.multimodal.service;

import dev.multimodal.admission.ImageWork;
import dev.multimodal.config.MmfConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the use cases hand work to, shared by all of them: one bean owns them so that each
 * use case can take them by injection and the speech pool is shut down with the application.
 */
@Singleton
public class UseCaseThreads {

    private final Executor blocking;
    private final ExecutorService speech;

    @Inject
    UseCaseThreads(ImageWork imageWork, MmfConfig config) {
        this.blocking = imageWork.executor();
        int parallel = config.audio().parallelSegments();
        this.speech = speechPool(parallel > 0 ? parallel : Runtime.getRuntime().availableProcessors());
    }

    /** Blocking work of a request (decoding, fetching a URL) runs on the image threads, off the event loop. */
    public Executor blocking() {
        return blocking;
    }

    /** The threads speech segments decode on (the recogniser itself bounds its decoders by the heap). */
    public Executor speech() {
        return speech;
    }

    @PreDestroy
    void close() {
        speech.shutdown();
    }

    private static ExecutorService speechPool(int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "mmf-speech-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
