package io.palisade.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;

/**
 * An upstream that closes or resets before its relay is spliced (the transport reads it even with
 * auto-read off): nothing breaks, what it sent is released, and why it failed is kept for the
 * refusal's detail.
 */
class UpstreamHandlerTest {

    @Test
    void bytesBeforeTheRelayAreReleasedWithoutAnError() {
        EmbeddedChannel upstream = new EmbeddedChannel(new UpstreamHandler());
        ByteBuf early = Unpooled.copiedBuffer("banner", StandardCharsets.US_ASCII);

        upstream.writeInbound(early);
        upstream.pipeline().fireChannelReadComplete();

        assertThat(early.refCnt()).isZero();
        upstream.checkException(); // nothing was thrown
        assertThat(upstream.isOpen()).isTrue();
        upstream.finishAndReleaseAll();
    }

    @Test
    void aResetBeforeTheRelayClosesTheUpstreamAndIsKept() {
        UpstreamHandler handler = new UpstreamHandler();
        EmbeddedChannel upstream = new EmbeddedChannel(handler);
        Promise<Void> attempt = upstream.eventLoop().newPromise();
        handler.connecting(attempt);
        IOException reset = new IOException("Connection reset by peer");

        upstream.pipeline().fireExceptionCaught(reset);
        upstream.pipeline().fireExceptionCaught(new IOException("a later one"));

        assertThat(upstream.isOpen()).isFalse();
        assertThat(attempt.cause()).isSameAs(reset);
    }
}
