package io.palisade.bench.tls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.palisade.proxy.transport.Transport;

/**
 * Upload streams through an mTLS terminator to the {@link Sink}: a device connects, sends the
 * 8-byte length and {@code --mib} MiB, and waits for the sink's count; {@code --streams} devices do
 * so at once (each its own connection, the figures are their sum). Prints the relay rate (wall
 * clock from connect to the sink's answer; 1 MB = 10^6 bytes) and, with {@code --pids}, the CPU
 * seconds the terminator spent per GB over the same interval. A first stream of
 * {@code --warmup-mib} is sent on its own connection and not counted (JIT, buffer pools).
 *
 * <p>Usage: {@code RelayStream --target 127.0.0.1:PORT --cert device.crt --key device.key
 * --ca ca.pem [--tls 1.3] [--mib 1024] [--streams 1] [--warmup-mib 64] [--pids PID,...]}; prints
 * {@code relay streams=K bytes=N secs=S MBps=R cpu_s_per_GB=C}.
 */
public final class RelayStream {

    private static final int CHUNK = 256 * 1024;
    private static final Duration BOUND = Duration.ofMinutes(3);

    private RelayStream() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args);
        SslContext tls = DeviceTls.context(flags);
        List<Long> pids = ProcStat.pids(flags.get("pids", ""));
        long bytes = (long) flags.getInt("mib", 1024) << 20;
        long warmup = (long) flags.getInt("warmup-mib", 64) << 20;
        int streams = flags.getInt("streams", 1);
        if (streams < 1 || streams > 256) {
            throw new IllegalArgumentException("--streams: " + streams + " (expected: 1 to 256)");
        }
        Transport transport = Transport.choose(true);
        EventLoopGroup group = transport.newGroup(Math.min(streams, 2));
        try {
            if (warmup > 0) {
                streams(group, transport, tls, flags, warmup, streams);
            }
            Duration cpu0 = ProcStat.cpu(pids);
            long t0 = System.nanoTime();
            long counted = streams(group, transport, tls, flags, bytes, streams);
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = ProcStat.cpu(pids).minus(cpu0).toNanos() / 1e9;
            long total = bytes * streams;
            if (counted != total) {
                throw new IllegalStateException("sink counted " + counted + " bytes (expected: " + total + ")");
            }
            System.out.printf("relay streams=%d bytes=%d secs=%.3f MBps=%.1f cpu_s_per_GB=%s%n", streams, total, secs,
                    total / secs / 1e6, pids.isEmpty() ? "-" : String.format("%.3f", cpu / (total / 1e9)));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** {@code streams} concurrent streams of {@code bytes} each; the sum of the sink's counts. */
    private static long streams(EventLoopGroup group, Transport transport, SslContext tls, Flags flags, long bytes, int streams)
            throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(streams);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                counts.add(starters.submit(() -> stream(group, transport, tls, flags, bytes)));
            }
            long sum = 0;
            for (Future<Long> count : counts) {
                sum += count.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            }
            return sum;
        } finally {
            starters.shutdownNow();
        }
    }

    /** Connects, streams {@code bytes} and returns the sink's count. */
    private static long stream(EventLoopGroup group, Transport transport, SslContext tls, Flags flags, long bytes)
            throws Exception {
        Uploader uploader = new Uploader(bytes);
        var target = DeviceTls.target(flags);
        Channel ch = new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(tls.newHandler(c.alloc(), "localhost", target.getPort()), uploader);
                    }
                })
                .connect(target).sync().channel();
        try {
            return uploader.counted.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        } finally {
            ch.close().syncUninterruptibly();
        }
    }

    /** After the handshake: the length, then chunks of zeros while the channel is writable; reads the count. */
    private static final class Uploader extends ChannelInboundHandlerAdapter {
        private static final ByteBuf ZEROS = Unpooled.unreleasableBuffer(Unpooled.directBuffer(CHUNK).writeZero(CHUNK));
        private final long total;
        private final CompletableFuture<Long> counted = new CompletableFuture<>();
        private final ByteBuf answer = Unpooled.buffer(Long.BYTES);
        private long queued = -1;

        Uploader(long total) {
            this.total = total;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    counted.completeExceptionally(done.cause());
                    return;
                }
                ctx.write(ctx.alloc().buffer(Long.BYTES).writeLong(total));
                queued = 0;
                pump(ctx);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            while (queued >= 0 && queued < total && ctx.channel().isWritable()) {
                int n = (int) Math.min(CHUNK, total - queued);
                ctx.write(ZEROS.retainedSlice(0, n));
                queued += n;
            }
            ctx.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            answer.writeBytes(in, Math.min(in.readableBytes(), answer.writableBytes()));
            in.release();
            if (!answer.isWritable()) {
                counted.complete(answer.getLong(0));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            counted.completeExceptionally(new IllegalStateException("closed by the terminator before the sink answered"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            counted.completeExceptionally(cause);
            ctx.close();
        }
    }
}
