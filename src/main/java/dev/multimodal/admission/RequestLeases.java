package dev.multimodal.admission;

import dev.multimodal.runtime.CostBudget;
import dev.multimodal.runtime.MemoryAccount;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The leases one request holds on a cost budget (decoded pixels, decoded samples), given back when its
 * answer has been sent. Made on the request's own thread, where the request is found; leases may then
 * be added from any thread. Outside an HTTP request, or once the answer is sent, a lease is given back
 * at once: the budget then only refuses what does not fit now.
 */
final class RequestLeases implements AutoCloseable {

    private final boolean held;
    private final Object owner;
    private final List<CostBudget.Lease> leases = new ArrayList<>(1);
    private boolean closed;

    private RequestLeases(RoutingContext request) {
        this.held = request != null;
        this.owner = request != null ? owner(request) : this;
    }

    /**
     * Whose the leases are in the memory account: the HTTP request (its body's admission names the
     * same), or these leases alone outside one.
     */
    Object owner() {
        return owner;
    }

    /** The leases of the current request, closed by its end handler. */
    static RequestLeases ofCurrent(CurrentVertxRequest current) {
        RoutingContext request = current(current);
        RequestLeases leases = new RequestLeases(request);
        if (request != null) {
            request.addEndHandler(done -> leases.close());
        }
        return leases;
    }

    /** The request's owner in the memory account: the one its body was admitted under, or the request. */
    static Object owner(RoutingContext request) {
        Object owner = request.get(MemoryAccount.OWNER_KEY);
        return owner != null ? owner : request;
    }

    /** The owner of the HTTP request this thread serves, or null outside one. */
    static Object currentOwner(CurrentVertxRequest current) {
        RoutingContext request = current(current);
        return request == null ? null : owner(request);
    }

    /** The HTTP request this thread serves, or null outside one. */
    static RoutingContext current(CurrentVertxRequest current) {
        if (Arc.container() != null && Arc.container().requestContext().isActive()) {
            return current.getCurrent();
        }
        return null;
    }

    /** Holds {@code lease} until the answer is sent, or gives it back now if there is none to wait for. */
    void hold(CostBudget.Lease lease) {
        synchronized (this) {
            if (held && !closed) {
                leases.add(lease);
                return;
            }
        }
        lease.close(); // the request has ended already, or there is none to hold it
    }

    @Override
    public synchronized void close() {
        closed = true;
        leases.forEach(CostBudget.Lease::close);
        leases.clear();
    }
}
