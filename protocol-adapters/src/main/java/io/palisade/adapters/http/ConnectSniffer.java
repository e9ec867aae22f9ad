package io.palisade.adapters.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Where a listener serves both CONNECT egress and the HTTP relays over {@code http/1.1}: looks at
 * the first bytes the device sends and hands the connection to the CONNECT service when they
 * start {@code CONNECT }, to the relays otherwise; then removes itself, passing on every byte it
 * held. Decides once per connection, on at most eight bytes.
 */
final class ConnectSniffer extends ByteToMessageDecoder {

    static final String NAME = "connect-or-http";
    private static final byte[] CONNECT = "CONNECT ".getBytes(StandardCharsets.US_ASCII);

    private final Runnable connect;
    private final Runnable http;

    /** {@code connect} and {@code http} each install their handlers after this one. */
    ConnectSniffer(Runnable connect, Runnable http) {
        this.connect = requireNonNull(connect, "connect");
        this.http = requireNonNull(http, "http");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), CONNECT.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != CONNECT[i]) {
                decide(ctx, http);
                return;
            }
        }
        if (n == CONNECT.length) {
            decide(ctx, connect);
        }
    }

    private void decide(ChannelHandlerContext ctx, Runnable install) {
        install.run();
        ctx.pipeline().remove(this); // hands the bytes held on to what was installed
    }
}
