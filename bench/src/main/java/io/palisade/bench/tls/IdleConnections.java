package io.palisade.bench.tls;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.palisade.proxy.transport.Transport;

/**
 * Memory a terminator spends per idle mutual-TLS connection: samples its resident memory once it
 * has settled, then opens {@code --n} connections in {@code --steps} equal steps (at most
 * {@code --concurrency} handshakes in flight), each followed by {@code --hold} seconds idle and a
 * settled sample; counts those still open and closes them. The figure is the median over the
 * steps of (growth in the step / connections opened in it): a runtime that frees or takes memory
 * for its own reasons (a JIT arena, a heap resize) moves one step, not the median. The growth
 * over all steps divided by the live connections is printed beside it. Both include the
 * terminator's connection to the backend, as a deployment would. First {@code --warmup}
 * connections are opened and each closed as soon as its handshake completes (at most
 * {@code --concurrency} open at once), so that code loading and the JIT's compiled code are not
 * counted as per-connection memory while the terminator's high-water mark stays that of a few
 * connections.
 *
 * <p>Devices appear to come from many addresses (127.0.1.1, 127.0.1.2, …): a per-address
 * handshake limit then judges each as it would a fleet, not one host opening thousands.
 *
 * <p>Usage: {@code IdleConnections --target 127.0.0.1:PORT --cert … --key … --ca … --pids PID
 * [--tls 1.3] [--n 2000] [--steps 5] [--hold 2] [--concurrency 32] [--warmup 2000]}; prints
 * {@code idle n=… live=… failed=… steps=… rss_before_KiB=… rss_held_KiB=… KiB_per_conn_overall=… KiB_per_conn=…}.
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args);
        SslContext tls = DeviceTls.context(flags);
        List<Long> pids = ProcStat.pids(flags.get("pids"));
        int n = flags.getInt("n", 2000);
        Transport transport = Transport.choose(true);
        EventLoopGroup group = transport.newGroup(1);
        try {
            Opener opener = new Opener(group, transport, tls, DeviceTls.target(flags), flags.getInt("concurrency", 32));
            opener.churn(flags.getInt("warmup", 2000));
            int steps = Math.max(1, flags.getInt("steps", 5));
            long before = settledRss(pids);
            long first = before;
            List<Channel> held = new ArrayList<>(n);
            double[] perStep = new double[steps];
            for (int k = 0; k < steps; k++) {
                int count = n / steps + (k < n % steps ? 1 : 0);
                held.addAll(opener.open(count));
                TimeUnit.SECONDS.sleep(flags.getInt("hold", 2)); // the point of the run: connections sit idle
                long now = settledRss(pids);
                perStep[k] = (now - before) / (double) count;
                before = now;
            }
            long live = held.stream().filter(Channel::isActive).count();
            closeAll(held);
            Arrays.sort(perStep);
            double median = steps % 2 == 1 ? perStep[steps / 2] : (perStep[steps / 2 - 1] + perStep[steps / 2]) / 2;
            System.out.printf("idle n=%d live=%d failed=%d steps=%d rss_before_KiB=%d rss_held_KiB=%d KiB_per_conn_overall=%.1f"
                            + " KiB_per_conn=%.1f%n", n, live, opener.failed.get(), steps, first, before,
                    (before - first) / (double) Math.max(live, 1), median);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * Resident memory once it stops moving: sampled every 500 ms until four samples in a row lie
     * within 256 KiB of each other (at most 30 s). A JVM keeps freeing what it used before the
     * sample (compiler arenas, handshake garbage in malloc arenas) for a few seconds; sampling in
     * the middle of that counted it against, or for, the connections.
     */
    private static long settledRss(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long[] last = new long[4];
        for (int i = 0; ; i++) {
            last[i % last.length] = ProcStat.rssKib(pids);
            if (i >= last.length - 1) {
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (long v : last) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                if (max - min <= 256 || System.nanoTime() > deadline) {
                    return last[i % last.length];
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static void closeAll(List<Channel> channels) {
        channels.forEach(Channel::close);
        channels.forEach(c -> c.closeFuture().syncUninterruptibly());
    }

    /** Opens connections from rotating loopback source addresses, bounded in flight; a failure is counted. */
    private static final class Opener {
        private final Bootstrap bootstrap;
        private final InetSocketAddress target;
        private final Semaphore inFlight;
        private final int concurrency;
        private final AtomicInteger failed = new AtomicInteger();
        private int opened;

        Opener(EventLoopGroup group, Transport transport, SslContext tls, InetSocketAddress target, int concurrency) {
            this.target = target;
            this.concurrency = concurrency;
            this.inFlight = new Semaphore(concurrency);
            this.bootstrap = new Bootstrap().group(group).channel(transport.socketChannel())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", target.getPort()));
                        }
                    });
        }

        private void done(boolean success) {
            if (!success) {
                failed.incrementAndGet();
            }
            inFlight.release();
        }

        /** Opens {@code count} connections, closing each once its handshake is done. */
        void churn(int count) throws InterruptedException {
            closeAll(open(count, true));
        }

        List<Channel> open(int count) throws InterruptedException {
            return open(count, false);
        }

        private List<Channel> open(int count, boolean closeWhenDone) throws InterruptedException {
            List<Channel> channels = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                inFlight.acquire();
                int k = opened++;
                var source = new InetSocketAddress("127.0." + (1 + k / 250 % 250) + "." + (1 + k % 250), 0);
                ChannelFuture connected = bootstrap.connect(target, source);
                channels.add(connected.channel());
                connected.addListener(c -> {
                    if (!c.isSuccess()) {
                        done(false);
                        return;
                    }
                    connected.channel().pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                        if (closeWhenDone) {
                            connected.channel().close();
                        }
                        done(h.isSuccess());
                    });
                });
            }
            if (!inFlight.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshakes still in flight after 60 s");
            }
            inFlight.release(concurrency);
            return channels;
        }
    }
}
