package dev.multimodal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.refusal.OverloadedException;
import dev.multimodal.runtime.CostBudget;
import dev.multimodal.runtime.MemoryAccount;
import dev.multimodal.runtime.MemoryShare;
import dev.multimodal.settings.Keys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Admission of request bodies by their size, before a byte is buffered: a body is held whole in
 * the heap (and again as the strings parsed from it) until its answer is sent, so eight 25 MB
 * bodies at once filled a 256 MB heap while they were still being read. A body is admitted from its
 * {@code Content-Length} (a chunked one counts as the largest body allowed); one that does not fit
 * beside the bodies in flight gets 503 + {@code Retry-After} at once, and the connection is closed
 * rather than read. The budget ({@code mmf.http.max-body-bytes-in-flight}) defaults to an eighth of
 * the process's share of memory ({@link MemoryShare}): 32 MiB under {@code -XX:MaxRAM=1g}, so one
 * body of the largest size at a time beside small ones.
 */
@ApplicationScoped
public class BodyAdmission {

    @Inject
    MmfConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    /** The heap a body's byte holds: the buffer, and the text parsed from it (base64 media, JSON strings). */
    static final long BYTES_PER_BODY_BYTE = 2;

    private CostBudget bytes;

    void install(@Observes Router router) {
        long budget = config.http()
                .maxBodyBytesInFlight()
                .orElseGet(() -> MemoryShare.ofThisProcess().bytes() / 8);
        bytes = new CostBudget(
                "the service",
                "bytes of request bodies",
                Keys.HTTP_MAX_BODY_BYTES_IN_FLIGHT,
                Math.max(1, budget),
                config.batch().retryAfterSeconds(),
                MemoryAccount.ofThisProcess(),
                BYTES_PER_BODY_BYTE);
        Gauge.builder("mmf.http.body.bytes.in.flight", bytes, CostBudget::inFlight)
                .description("Bytes of request bodies admitted and not yet answered")
                .register(registry);
        MemoryAccount account = MemoryAccount.ofThisProcess();
        Gauge.builder("mmf.memory.work.bytes.in.flight", account, MemoryAccount::inFlight)
                .description("Heap the requests in flight hold by the admissions' estimates (bodies, pixels, samples,"
                        + " characters)")
                .register(registry);
        Gauge.builder("mmf.memory.work.bytes.capacity", account, MemoryAccount::workCapacity)
                .description("Heap the requests in flight may hold: the memory share less the models' reservations")
                .register(registry);
        Gauge.builder("mmf.memory.reserved.bytes", account, MemoryAccount::reserved)
                .description("Heap that models reserve while they live (Sphinx4's decoders)")
                .register(registry);
        // before any body is read: Funqy's CloudEvents extension has Quarkus install a body handler at
        // Integer.MIN_VALUE + 1, in front of every route, which read each body whole before -970 ran
        router.route().order(Integer.MIN_VALUE).handler(this::admit);
    }

    /** The budget's capacity, for tests. */
    public long capacity() {
        return bytes.capacity();
    }

    private void admit(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT
                || ctx.request().path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        long cost = maxBody.asLongValue();
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            try {
                cost = Math.min(cost, Math.max(0, Long.parseLong(length.trim())));
            } catch (NumberFormatException e) {
                // malformed: the framing checks answer it; counted as the largest body meanwhile
            }
        }
        Object owner = new Object(); // this request, in the memory account
        ctx.put(MemoryAccount.OWNER_KEY, owner);
        CostBudget.Lease lease;
        try {
            lease = bytes.admit(cost, owner);
        } catch (OverloadedException refused) {
            if (ctx.request().version() != HttpVersion.HTTP_2) {
                // over HTTP/1.x the unread body would be taken for the next request; HTTP/2 forbids the
                // header, and ending the response resets only its stream
                ctx.response().putHeader("Connection", "close");
            }
            ctx.response()
                    .setStatusCode(503)
                    .putHeader(
                            "Retry-After",
                            Integer.toString(Math.max(1, config.batch().retryAfterSeconds())))
                    .putHeader("Content-Type", "application/json")
                    .end(mapper.createObjectNode()
                            .put("error", refused.getMessage())
                            .toString());
            return;
        }
        ctx.addEndHandler(done -> lease.close());
        ctx.next();
    }
}
