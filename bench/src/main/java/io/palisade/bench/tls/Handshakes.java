package io.palisade.bench.tls;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLParameters;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.palisade.proxy.transport.Transport;

/**
 * New mutual-TLS connections per second through a terminator, full or resumed, from
 * {@code --clients} concurrent loops: each connects, handshakes, sends a one-byte stream to the
 * {@link Sink} behind the terminator, waits for its answer (so the connection really reached the
 * backend, and a TLS 1.3 session ticket has arrived), closes, and starts over. The independent
 * cross-check of {@code openssl s_time}.
 *
 * <p>{@code --mode full}: the client offers no session, every handshake is a full one.
 * {@code --mode resumed}: the client offers the session (TLS 1.2 session id or ticket, TLS 1.3
 * ticket) it got last; a handshake counts as resumed when the client did not have to verify the
 * server's certificate again (the trust manager is not called on resumption), and the figure
 * {@code resumed=} says how many were.
 *
 * <p>Devices appear to come from many addresses (127.0.2.x …), as a fleet would. Bounded by
 * {@code --seconds} and {@code --max} connections; the first {@code --warmup-seconds} are not
 * counted.
 *
 * <p>Usage: {@code Handshakes --target 127.0.0.1:PORT --cert … --key … --ca … [--tls 1.3]
 * [--mode full|resumed] [--clients 2] [--seconds 10] [--warmup-seconds 3] [--max 1000000]
 * [--pids PID,...]}; prints {@code handshakes mode=… tls=… n=… failed=… resumed=… secs=… per_s=…
 * cpu_ms_per_hs=…}.
 */
public final class Handshakes {

    private Handshakes() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args);
        String mode = flags.get("mode", "full");
        if (!mode.equals("full") && !mode.equals("resumed")) {
            throw new IllegalArgumentException("--mode: " + mode + " (expected: full or resumed)");
        }
        CountingTrust trust = CountingTrust.fromPem(flags.get("ca"));
        SslContext tls = DeviceTls.context(flags, trust);
        List<Long> pids = ProcStat.pids(flags.get("pids", ""));
        int clients = flags.getInt("clients", 2);
        Transport transport = Transport.choose(true);
        EventLoopGroup group = transport.newGroup(1);
        try {
            Loops loops = new Loops(group, transport, tls, DeviceTls.target(flags), mode.equals("resumed"));
            loops.run(clients, Duration.ofSeconds(flags.getInt("warmup-seconds", 3)), Long.MAX_VALUE);
            long verified0 = trust.verifications();
            Duration cpu0 = ProcStat.cpu(pids);
            long t0 = System.nanoTime();
            Loops.Count count = loops.run(clients, Duration.ofSeconds(flags.getInt("seconds", 10)), flags.getInt("max", 1_000_000));
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpuMs = ProcStat.cpu(pids).minus(cpu0).toNanos() / 1e6;
            long resumed = Math.max(0, count.done() - (trust.verifications() - verified0));
            System.out.printf("handshakes mode=%s tls=%s n=%d failed=%d resumed=%d secs=%.2f per_s=%.1f cpu_ms_per_hs=%s%n",
                    mode, flags.get("tls", "1.3"), count.done(), count.failed(), resumed, secs, count.done() / secs,
                    pids.isEmpty() || count.done() == 0 ? "nan" : String.format("%.3f", cpuMs / count.done()));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The connect → handshake → one request → close loops. */
    private static final class Loops {
        private final Bootstrap bootstrap;
        private final InetSocketAddress target;
        private final SslContext tls;
        private final boolean resume;
        private final AtomicInteger sources = new AtomicInteger();

        Loops(EventLoopGroup group, Transport transport, SslContext tls, InetSocketAddress target, boolean resume) {
            this.target = target;
            this.tls = tls;
            this.resume = resume;
            this.bootstrap = new Bootstrap().group(group).channel(transport.socketChannel());
        }

        record Count(long done, long failed) {
        }

        Count run(int clients, Duration duration, long max) throws InterruptedException {
            long deadline = System.nanoTime() + duration.toNanos();
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            CountDownLatch finished = new CountDownLatch(clients);
            for (int i = 0; i < clients; i++) {
                next(deadline, max, done, failed, finished);
            }
            if (!finished.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connections still open 60 s after the run's end");
            }
            return new Count(done.get(), failed.get());
        }

        private void next(long deadline, long max, AtomicLong done, AtomicLong failed, CountDownLatch finished) {
            if (System.nanoTime() >= deadline || done.get() + failed.get() >= max) {
                finished.countDown();
                return;
            }
            int k = sources.getAndIncrement();
            var source = new InetSocketAddress("127.0." + (2 + k / 250 % 200) + "." + (1 + k % 250), 0);
            Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    // A host and port let the client offer the session it cached for them; none: a full
                    // handshake, and then no name to check either (the chain is still verified).
                    SslHandler handler = resume
                            ? tls.newHandler(ch.alloc(), "localhost", target.getPort())
                            : tls.newHandler(ch.alloc());
                    if (!resume) {
                        SSLParameters parameters = handler.engine().getSSLParameters();
                        parameters.setEndpointIdentificationAlgorithm(null);
                        handler.engine().setSSLParameters(parameters);
                    }
                    ch.pipeline().addLast(handler);
                    ch.pipeline().addLast(new OneRequest());
                }
            });
            b.connect(target, source).addListener(f -> {
                if (!f.isSuccess()) {
                    failed.incrementAndGet();
                    next(deadline, max, done, failed, finished);
                    return;
                }
                var channel = ((io.netty.channel.ChannelFuture) f).channel();
                channel.pipeline().get(OneRequest.class).answered.addListener(a -> {
                    if (!a.isSuccess() && failed.getAndIncrement() == 0) {
                        System.err.println("first failed connection: " + a.cause());
                    }
                    if (a.isSuccess()) {
                        done.incrementAndGet();
                    }
                    channel.close().addListener(c -> next(deadline, max, done, failed, finished));
                });
            });
        }
    }

    /** After the handshake: a one-byte stream to the sink, then its 8-byte answer. */
    private static final class OneRequest extends ChannelInboundHandlerAdapter {
        private io.netty.util.concurrent.Promise<Void> answered;
        private int received;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            answered = ctx.executor().newPromise();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (done.isSuccess()) {
                    ctx.writeAndFlush(ctx.alloc().buffer(9).writeLong(1).writeByte(1));
                } else {
                    answered.tryFailure(done.cause());
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received += ((ByteBuf) msg).readableBytes();
            ((ByteBuf) msg).release();
            if (received >= Long.BYTES) {
                answered.trySuccess(null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answered.tryFailure(new IllegalStateException("closed before the sink answered"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answered.tryFailure(cause);
            ctx.close();
        }
    }
}
