package dev.multimodal.http;

import dev.multimodal.refusal.Echo;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the HTTP/1.1 framing rules (RFC 9112) need, before any other route sees a request:
 * <ul>
 *   <li>an HTTP version Vert.x does not speak (e.g. {@code HTTP/9.9}, which was answered
 *       {@code HTTP/9.9 200}) gets {@code HTTP/1.1 505} and the connection is closed;</li>
 *   <li>a {@code Content-Length} over {@code quarkus.http.limits.max-body-size}, with or without
 *       {@code Expect: 100-continue}, gets 413 before any of the body is read, and the connection is
 *       closed (the client may already be sending the body).</li>
 * </ul>
 * The deadlines for a slow client's headers and body are kept by the connection's decoder
 * ({@link StrictConnections}).
 */
@ApplicationScoped
public class StrictEdge {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpVersion version = ctx.request().version();
        if (version == null) {
            versionNotSupported(ctx);
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && tooLong(length)) {
            refuse(
                    ctx,
                    413,
                    "body",
                    "the request body (Content-Length " + Echo.bounded(length)
                            + ") is larger than the limit of quarkus.http.limits.max-body-size ("
                            + maxBody.asLongValue()
                            + " bytes)");
            return;
        }
        ctx.next();
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBody.asLongValue();
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed Content-Length itself
        }
    }

    /**
     * Answers and closes: over HTTP/1.x the connection (the rest of the body would be read as the next
     * request), over HTTP/2 only the stream.
     */
    private void refuse(RoutingContext ctx, int status, String field, String message) {
        HttpServerResponse response = ctx.response();
        boolean http1 = ctx.request().version() != HttpVersion.HTTP_2;
        if (http1) {
            response.putHeader("Connection", "close");
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"field\":\"" + field
                        + "\"}")
                .onComplete(done -> {
                    if (http1) {
                        ctx.request().connection().close();
                    } else if (!ctx.request().isEnded()) {
                        response.reset();
                    }
                });
    }

    /**
     * Vert.x would answer in the request's own version ("HTTP/9.9 200"); RFC 9110 §15.6.6 wants a 505
     * in a version the server speaks, so it is written on the connection itself.
     */
    private static void versionNotSupported(RoutingContext ctx) {
        String body = "{\"error\":\"HTTP/1.0, HTTP/1.1 and HTTP/2 are served\",\"field\":\"version\"}";
        String answer = "HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        Channel channel = ((ConnectionBase) ctx.request().connection()).channel();
        channel.pipeline()
                .firstContext()
                .writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
