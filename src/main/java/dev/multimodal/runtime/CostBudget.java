package dev.multimodal.runtime;

import dev.multimodal.refusal.OverloadedException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work in flight, counted in what it costs (bytes of tensors, pixels of decoded images) rather than
 * in items, up to a capacity. A request is admitted whole or refused at once with
 * {@link OverloadedException}: it never waits for room. One request that costs more than the whole
 * capacity is admitted only while nothing else is in flight, so that no request can never run.
 */
public final class CostBudget {

    /** Admitted work; closing it (once, from any thread) gives its cost back. */
    public final class Lease implements AutoCloseable {

        private final long cost;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(long cost) {
            this.cost = cost;
        }

        public long cost() {
            return cost;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                release(cost);
            }
        }
    }

    private final String name;
    private final String unit;
    private final String setting;
    private final long capacity;
    private final int retryAfterSeconds;
    private long inFlight;

    /**
     * @param name    what is budgeted, for messages: e.g. {@code "model pp-ocrv4/detection"}
     * @param unit    e.g. {@code "tensor bytes"}, {@code "pixels"}
     * @param setting the setting that sets the capacity, named in the refusal
     */
    public CostBudget(String name, String unit, String setting, long capacity, int retryAfterSeconds) {
        if (capacity < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1, not " + capacity);
        }
        this.name = name;
        this.unit = unit;
        this.setting = setting;
        this.capacity = capacity;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A budget that admits everything: no cost limit. */
    public static CostBudget unlimited(String name) {
        return new CostBudget(name, "units", "none", Long.MAX_VALUE, 1);
    }

    public long capacity() {
        return capacity;
    }

    public synchronized long inFlight() {
        return inFlight;
    }

    /**
     * Admits {@code cost} or refuses it at once.
     *
     * @throws OverloadedException when it does not fit beside the work in flight
     */
    public Lease admit(long cost) {
        if (!tryAcquire(cost)) {
            throw new OverloadedException(
                    name + " is overloaded: " + inFlight() + " " + unit + " are in flight and " + "this request needs "
                            + cost + " more; the budget is " + capacity + " (" + setting + ")",
                    retryAfterSeconds);
        }
        return new Lease(cost);
    }

    /**
     * Refuses at once, as {@link #admit} would, when not even {@code leastCost} fits now: a check
     * before the work that tells the real cost (decoding an image's header) is done at all.
     *
     * @throws OverloadedException when {@code leastCost} does not fit beside the work in flight
     */
    public void requireRoomFor(long leastCost) {
        if (!hasRoomFor(leastCost)) {
            throw new OverloadedException(
                    name + " is overloaded: " + inFlight() + " " + unit + " are in flight " + "and the budget is "
                            + capacity + " (" + setting + "); no request fits now",
                    retryAfterSeconds);
        }
    }

    /** Whether {@code cost} would be admitted now; takes nothing. */
    public synchronized boolean hasRoomFor(long cost) {
        return inFlight == 0 || cost <= capacity - inFlight;
    }

    /** Takes {@code cost} if it fits; the caller gives it back with {@link #release}. */
    public synchronized boolean tryAcquire(long cost) {
        if (cost < 0) {
            throw new IllegalArgumentException("a cost cannot be negative: " + cost);
        }
        boolean fits = hasRoomFor(cost);
        if (fits) {
            inFlight += cost;
        }
        return fits;
    }

    public synchronized void release(long cost) {
        inFlight = Math.max(0, inFlight - cost);
    }
}
