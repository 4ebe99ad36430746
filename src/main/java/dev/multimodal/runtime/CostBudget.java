package dev.multimodal.runtime;

import dev.multimodal.refusal.OverloadedException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work in flight, counted in what it costs (bytes of tensors, pixels of decoded images) rather than
 * in items, up to a capacity. A request is admitted whole or refused at once with
 * {@link OverloadedException}: it never waits for room. One request that costs more than the whole
 * capacity is admitted only while nothing else is in flight, so that no request can never run.
 * <p>
 * A budget of what the heap holds draws its cost from the process's {@link MemoryAccount} too, at
 * its bytes per unit: the request is admitted only where both have room.
 */
public final class CostBudget {

    /** Admitted work; closing it (once, from any thread) gives its cost back. */
    public final class Lease implements AutoCloseable {

        private final long cost;
        private final Object owner;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(long cost, Object owner) {
            this.cost = cost;
            this.owner = owner;
        }

        public long cost() {
            return cost;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                release(cost);
                if (account != null) {
                    account.release(bytes(cost), owner);
                }
            }
        }
    }

    private final String name;
    private final String unit;
    private final String setting;
    private final long capacity;
    private final int retryAfterSeconds;
    private final MemoryAccount account;
    private final long bytesPerUnit;
    private long inFlight;

    /**
     * @param name    what is budgeted, for messages: e.g. {@code "model pp-ocrv4/detection"}
     * @param unit    e.g. {@code "tensor bytes"}, {@code "pixels"}
     * @param setting the setting that sets the capacity, named in the refusal
     */
    public CostBudget(String name, String unit, String setting, long capacity, int retryAfterSeconds) {
        this(name, unit, setting, capacity, retryAfterSeconds, null, 0);
    }

    /**
     * A budget whose cost the heap holds: each unit admitted takes {@code bytesPerUnit} from
     * {@code account} as well.
     */
    public CostBudget(
            String name,
            String unit,
            String setting,
            long capacity,
            int retryAfterSeconds,
            MemoryAccount account,
            long bytesPerUnit) {
        if (capacity < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1, not " + capacity);
        }
        this.name = name;
        this.unit = unit;
        this.setting = setting;
        this.capacity = capacity;
        this.retryAfterSeconds = retryAfterSeconds;
        this.account = account;
        this.bytesPerUnit = bytesPerUnit;
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
        return admit(cost, null);
    }

    /**
     * Admits {@code cost} for {@code owner} (the request it is part of, whose other costs in the memory
     * account count as its own; null: none), or refuses it at once.
     *
     * @throws OverloadedException when it does not fit beside the work in flight, here or in the account
     */
    public Lease admit(long cost, Object owner) {
        if (!tryAcquire(cost)) {
            throw new OverloadedException(
                    name + " is overloaded: " + inFlight() + " " + unit + " are in flight and " + "this request needs "
                            + cost + " more; the budget is " + capacity + " (" + setting + ")",
                    retryAfterSeconds);
        }
        if (account != null && !account.tryAcquire(bytes(cost), owner)) {
            release(cost);
            throw new OverloadedException(
                    name + " is overloaded: " + account.refusal(bytes(cost)) + " for its " + cost + " " + unit + " ("
                            + setting + ", and the memory the process has: -Xmx or the container's limit)",
                    retryAfterSeconds);
        }
        return new Lease(cost, owner);
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

    /** {@code cost} in bytes of heap, saturating: a cost too large to count never fits beside others. */
    private long bytes(long cost) {
        return cost > Long.MAX_VALUE / Math.max(1, bytesPerUnit) ? Long.MAX_VALUE : cost * bytesPerUnit;
    }

    public synchronized void release(long cost) {
        inFlight = Math.max(0, inFlight - cost);
    }
}
