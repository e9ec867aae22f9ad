package io.palisade.bench.tls;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.palisade.proxy.transport.Transport;

/**
 * The plain TCP backend behind both terminators, on 127.0.0.1. A stream is an 8-byte length L
 * (big-endian) followed by L bytes; the sink discards them and, once all L have arrived, answers
 * with the 8-byte count it received. The answer crosses the terminator back to the device, so the
 * device knows that its last byte was relayed, without relying on how a terminator passes on a
 * half-close. A connection that sends nothing is simply held (idle-connection runs).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.palisade.bench.tls.Sink [--port 0]}; prints
 * {@code port=N} once bound, then runs until killed.
 */
public final class Sink {

    private Sink() {
    }

    public static void main(String[] args) throws InterruptedException {
        Flags flags = Flags.parse(args);
        Transport transport = Transport.choose(true);
        Channel server = new ServerBootstrap()
                .group(transport.newGroup(1))
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Counter());
                    }
                })
                .bind("127.0.0.1", flags.getInt("port", 0)).sync().channel();
        System.out.println("port=" + ((InetSocketAddress) server.localAddress()).getPort());
        System.out.flush();
        server.closeFuture().sync();
    }

    /** Reads the length, counts the bytes that follow, answers the count once. */
    private static final class Counter extends ChannelInboundHandlerAdapter {
        private final byte[] header = new byte[Long.BYTES];
        private int headerRead;
        private long expected = -1;
        private long received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (expected < 0) {
                    int n = Math.min(in.readableBytes(), header.length - headerRead);
                    in.readBytes(header, headerRead, n);
                    headerRead += n;
                    if (headerRead < header.length) {
                        return;
                    }
                    expected = java.nio.ByteBuffer.wrap(header).getLong();
                }
                boolean wasShort = received < expected;
                received += in.readableBytes();
                if (wasShort && received >= expected) {
                    ctx.writeAndFlush(ctx.alloc().buffer(Long.BYTES).writeLong(received));
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
