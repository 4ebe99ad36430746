package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The idle timeout closes a connection that is idle, never one whose answer is still being worked
 * on: a long transcription on a loaded machine lost its connection at the idle timeout (60 s) before
 * its answer was written, and the client got no response.
 */
class BusyConnectionTest {

    /** Stands for Vert.x's connection handler, which closes the connection on an idle event. */
    private static final class Closer extends ChannelInboundHandlerAdapter {
        final AtomicInteger idleEvents = new AtomicInteger();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                idleEvents.incrementAndGet();
            }
        }
    }

    private static EmbeddedChannel connection(Closer closer) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("httpDecoder", new ChannelInboundHandlerAdapter());
        channel.pipeline().addLast("idle", new ChannelInboundHandlerAdapter());
        channel.pipeline().addLast("handler", closer);
        BusyConnection.install(channel.pipeline());
        return channel;
    }

    private static void idle(EmbeddedChannel channel) {
        channel.pipeline().context("idle").fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }

    @Test
    void aConnectionWaitingForItsAnswerIsNotClosedAsIdle() {
        Closer closer = new Closer();
        EmbeddedChannel channel = connection(closer);
        idle(channel);
        assertEquals(1, closer.idleEvents.get(), "no request: idle as before");

        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/transcribe"));
        idle(channel);
        idle(channel);
        assertEquals(1, closer.idleEvents.get(), "the request is being worked on");

        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        idle(channel);
        assertEquals(1, closer.idleEvents.get(), "the answer is not whole yet");

        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        idle(channel);
        assertEquals(2, closer.idleEvents.get(), "answered: an idle connection again");
    }

    @Test
    void pipelinedRequestsKeepItBusyUntilTheLastAnswer() {
        Closer closer = new Closer();
        EmbeddedChannel channel = connection(closer);
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a"));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/b"));
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        idle(channel);
        assertEquals(0, closer.idleEvents.get());
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        idle(channel);
        assertEquals(1, closer.idleEvents.get());
    }

    @Test
    void withoutAnIdleHandlerOrBeforeTheCodecIsChosenNothingIsAdded() {
        EmbeddedChannel channel = new EmbeddedChannel();
        BusyConnection.install(channel.pipeline());
        assertEquals(null, channel.pipeline().get(BusyConnection.NAME));
        channel.pipeline().addLast("idle", new ChannelInboundHandlerAdapter());
        BusyConnection.install(channel.pipeline());
        assertEquals(null, channel.pipeline().get(BusyConnection.NAME));
    }
}
