package dev.multimodal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The signal that a request's caller has gone (its connection closed): work not yet run for it is
 * dropped. Passed from the edge down to the stage loops, which {@link #check() check} it between
 * stages, and to the batchers, whose queued items for it are {@link #bind bound} to it and leave
 * the queue when it fires. A run already inside {@code session.run} finishes: stopping happens at
 * the next stage boundary.
 */
public final class Cancellation {

    private static final Cancellation NONE = new Cancellation();

    /** Why a token fired when no reason was given: the client closed its connection. */
    public static final String CLIENT_GONE = "its client has gone";

    private final List<Runnable> listeners = new ArrayList<>();
    private volatile boolean cancelled;
    private volatile String reason = CLIENT_GONE;

    /** A token that never fires: for work without a client to lose (tests, tools, warm-up). */
    public static Cancellation none() {
        return NONE;
    }

    public static Cancellation create() {
        return new Cancellation();
    }

    /**
     * A token that fires with {@code parent}, and may also fire alone: the work of one request,
     * dropped when its client leaves or when the request has failed and its other parts are moot.
     */
    public static Cancellation childOf(Cancellation parent) {
        Cancellation child = new Cancellation();
        parent.onCancel(() -> child.cancel(parent.reason()));
        return child;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Why it fired: {@link #CLIENT_GONE} unless {@link #cancel(String)} said otherwise. */
    public String reason() {
        return reason;
    }

    /** Fires once: every listener runs now, on this thread. A no-op on {@link #none()}. */
    public void cancel() {
        cancel(CLIENT_GONE);
    }

    /** As {@link #cancel()}, saying why (the service is stopping, say): the caller's refusal quotes it. */
    public void cancel(String why) {
        List<Runnable> run;
        synchronized (this) {
            if (cancelled || this == NONE) {
                return;
            }
            reason = why;
            cancelled = true;
            run = List.copyOf(listeners);
            listeners.clear();
        }
        run.forEach(Runnable::run);
    }

    /** Runs {@code listener} when this fires, or now if it has. */
    public void onCancel(Runnable listener) {
        if (this == NONE) {
            return;
        }
        synchronized (this) {
            if (!cancelled) {
                listeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    /**
     * A stage boundary: stops the work here once the caller has gone.
     *
     * @throws CancellationException when it has fired
     */
    public void check() {
        if (cancelled) {
            throw new CancellationException("the caller has gone");
        }
    }

    /** Cancels each future when this fires: queued items bound so leave their batcher's queue. */
    public <T> List<CompletableFuture<T>> bind(List<CompletableFuture<T>> futures) {
        if (this != NONE && !futures.isEmpty()) {
            onCancel(() -> futures.forEach(f -> f.cancel(false)));
        }
        return futures;
    }
}
