package dev.multimodal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP/1.x rules that need the connection's own decoder: a request's header block must arrive
 * within {@code quarkus.http.read-timeout} of its first byte, and its body within the same time of
 * its headers (else 408 and the connection is closed: 150 clients sending a byte a second held their
 * connections for ever), and {@code Transfer-Encoding} together with {@code Content-Length} is a 400
 * (RFC 9112 §6.1; Netty drops the Content-Length and reads on, so the application cannot see it).
 * <p>
 * Vert.x 4.5 has no public hook for a connection's pipeline, so once the server listens its channel
 * initialisers are wrapped (found by reflection in Vert.x's shared server registry): each new
 * HTTP/1.x connection gets a {@link StrictDecoder} in place of Vert.x's decoder. Where Vert.x's
 * internals differ, the rules are left out with a warning and everything else is served as before.
 */
@ApplicationScoped
public class StrictConnections {

    private static final Logger LOG = Logger.getLogger(StrictConnections.class.getName());
    private static final String DECODER = "httpDecoder";

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.http.read-timeout")
    Duration readTimeout;

    private final List<Runnable> restore = new ArrayList<>();

    void onStart(@ObservesAsync HttpServerStart start) {
        try {
            Map<?, HttpServerImpl> servers = ((VertxInternal) vertx).sharedTCPServers(HttpServerImpl.class);
            synchronized (servers) {
                for (HttpServerImpl server : servers.values()) {
                    guard(server);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning("the header-read deadline and the Transfer-Encoding check are off: Vert.x's server "
                    + "internals are not as expected (" + e + ")");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        // Vert.x removes its initialisers by identity when a server closes
        synchronized (restore) {
            restore.forEach(Runnable::run);
            restore.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private void guard(HttpServerImpl server) throws ReflectiveOperationException {
        Field optionsField = HttpServerImpl.class.getDeclaredField("options");
        optionsField.setAccessible(true);
        HttpServerOptions options = (HttpServerOptions) optionsField.get(server);
        Field balancerField = TCPServerBase.class.getDeclaredField("channelBalancer");
        balancerField.setAccessible(true);
        Object balancer = balancerField.get(server);
        if (balancer == null) {
            return;
        }
        Field workersField = balancer.getClass().getDeclaredField("workerMap");
        workersField.setAccessible(true);
        for (Object workers : ((Map<?, ?>) workersField.get(balancer)).values()) {
            Field listField = workers.getClass().getDeclaredField("list");
            listField.setAccessible(true);
            List<Handler<Channel>> list = (List<Handler<Channel>>) listField.get(workers);
            for (int i = 0; i < list.size(); i++) {
                Handler<Channel> original = list.get(i);
                if (original instanceof Guarded) {
                    continue;
                }
                Guarded guarded = new Guarded(original, options, readTimeout.toNanos());
                list.set(i, guarded);
                synchronized (restore) {
                    restore.add(() -> list.replaceAll(h -> h == guarded ? original : h));
                }
            }
        }
    }

    /** Vert.x's initialiser, then the strict decoder in place of its own. */
    record Guarded(Handler<Channel> original, HttpServerOptions options, long headerNanos) implements Handler<Channel> {

        @Override
        public void handle(Channel channel) {
            original.handle(channel);
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(DECODER) != null) {
                pipeline.replace(DECODER, DECODER, new StrictDecoder(options, headerNanos));
                BusyConnection.install(pipeline);
            } else {
                // HTTP/1.x or HTTP/2 is decided on the first bytes (h2c with prior knowledge): the
                // HTTP/1.x decoder, if any, is there when they reach this handler
                pipeline.addLast("mmf-strict", new Swap(options, headerNanos));
            }
        }
    }

    /** Puts the strict decoder in place once Vert.x has chosen HTTP/1.x, then steps aside. */
    static final class Swap extends ChannelInboundHandlerAdapter {

        private final HttpServerOptions options;
        private final long headerNanos;

        Swap(HttpServerOptions options, long headerNanos) {
            this.options = options;
            this.headerNanos = headerNanos;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ChannelPipeline pipeline = ctx.pipeline();
            if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder decoder
                    && !(decoder instanceof StrictDecoder)) {
                pipeline.replace(DECODER, DECODER, new StrictDecoder(options, headerNanos));
            }
            BusyConnection.install(pipeline); // before the first request passes: it counts too
            ctx.fireChannelRead(msg);
            // an HTTP/2 upgrade (h2c) empties the pipeline while the first request passes, this included
            if (pipeline.context(this) != null) {
                pipeline.remove(this);
            }
        }
    }

    /**
     * Vert.x's request decoder with deadlines, refusing Transfer-Encoding beside Content-Length. A
     * request's header block must be whole within the read timeout of its first byte, and its body
     * within the read timeout of its headers; the decoder sees both ends exactly, whatever the
     * application does with the request meanwhile (a paused request does not look ended to it).
     */
    static final class StrictDecoder extends VertxHttpRequestDecoder {

        private final long timeoutNanos;
        private boolean inMessage;
        private ScheduledFuture<?> deadline;
        /** The path of the request whose body is awaited: OpenAI's paths answer in OpenAI's shape. */
        private String path;

        StrictDecoder(HttpServerOptions options, long timeoutNanos) {
            super(options);
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            // becomes an invalid request, which Vert.x answers with 400 and a closed connection
            throw new IllegalArgumentException("Transfer-Encoding and Content-Length together (RFC 9112 section 6.1)");
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (!inMessage && deadline == null && buffer.isReadable()) {
                arm(ctx, "headers");
            }
            int before = out.size();
            super.decode(ctx, buffer, out);
            for (int i = before; i < out.size(); i++) {
                Object decoded = out.get(i);
                if (decoded instanceof HttpMessage) {
                    path = decoded instanceof HttpRequest request ? pathOf(request.uri()) : null;
                    inMessage = true;
                    disarm();
                    arm(ctx, "body");
                }
                if (decoded instanceof LastHttpContent) {
                    inMessage = false;
                    disarm();
                }
            }
        }

        private void arm(ChannelHandlerContext ctx, String part) {
            if (timeoutNanos > 0) {
                ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
                self[0] =
                        ctx.executor().schedule(() -> tooSlow(ctx, self[0], part), timeoutNanos, TimeUnit.NANOSECONDS);
                deadline = self[0];
            }
        }

        private void disarm() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) {
            disarm();
        }

        private static String pathOf(String uri) {
            int query = uri.indexOf('?');
            return query < 0 ? uri : uri.substring(0, query);
        }

        private void tooSlow(ChannelHandlerContext ctx, ScheduledFuture<?> which, String part) {
            if (deadline != which || !ctx.channel().isActive()) {
                return;
            }
            String message = "the request's " + part + " did not arrive whole within quarkus.http.read-timeout";
            String body = "body".equals(part) && OpenAiErrors.covers(path)
                    ? "{\"error\":{\"message\":\"" + message
                            + "\",\"type\":\"invalid_request_error\",\"param\":\"body\",\"code\":null}}"
                    : "{\"error\":\"" + message + "\",\"field\":\"" + part + "\"}";
            String answer = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body;
            ctx.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
