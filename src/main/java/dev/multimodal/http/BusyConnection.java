package dev.multimodal.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Lets {@code quarkus.http.idle-timeout} close only connections that are idle, not ones whose request
 * is still being worked on. Vert.x's idle handler counts bytes, not requests: a transcription that ran
 * past the timeout (a long recording, or a loaded machine) had its connection closed before the answer
 * was written, and the client got no response at all. Placed right after Vert.x's {@code idle}
 * handler, behind the codec (requests arrive decoded, answers leave before encoding), this drops the
 * idle event while an HTTP/1.x request has been read and its response not yet written, or while an
 * HTTP/2 connection (upgraded from this one) has an active stream; the next idle period after the
 * answer closes the connection as before.
 */
final class BusyConnection extends ChannelDuplexHandler {

    static final String NAME = "mmf-busy";
    private static final String IDLE = "idle";
    private static final String DECODER = "httpDecoder";

    private int requestsInFlight;

    /**
     * Puts one right after the idle handler of an HTTP/1.x pipeline (one with its decoder: before that,
     * Vert.x has not yet chosen between HTTP/1.x and HTTP/2), unless there is one already.
     */
    static void install(ChannelPipeline pipeline) {
        if (pipeline.get(DECODER) != null && pipeline.get(IDLE) != null && pipeline.get(NAME) == null) {
            pipeline.addAfter(IDLE, NAME, new BusyConnection());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            requestsInFlight++;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent && requestsInFlight > 0) {
            requestsInFlight--;
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && busy(ctx.pipeline())) {
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    private boolean busy(ChannelPipeline pipeline) {
        if (requestsInFlight > 0) {
            return true;
        }
        for (var handler : pipeline) {
            if (handler.getValue() instanceof Http2ConnectionHandler http2
                    && http2.connection().numActiveStreams() > 0) {
                return true;
            }
        }
        return false;
    }
}
