package io.palisade.bench.tls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.palisade.proxy.transport.Transport;

/**
 * Update image fan-out: {@code --devices} devices, each on its own mutual-TLS connection with the
 * device certificate, fetch the same image ({@code GET --path}, HTTP/1.1 keep-alive)
 * {@code --gets} times one after the other, all devices at once. Every answer must be {@code 200}
 * with a {@code Content-Length}, and every body must arrive whole. Prints the aggregate rate
 * (bodies only, from the first request to the last byte, after every handshake; 1 MB = 10^6
 * bytes) and, with {@code --pids}, the CPU seconds the server spent per GB over the same interval.
 * A warm-up (one device, {@code --warmup-gets} GETs, default 1) on its own connection runs first
 * and is not counted.
 *
 * <p>Usage: {@code ImageFanOut --target 127.0.0.1:PORT --cert … --key … --ca … --path /…
 * [--tls 1.3] [--devices 1] [--gets 4] [--warmup-gets 1] [--threads 1] [--pids PID,...]}; prints
 * {@code fanout devices=N gets=M bytes=B secs=S MBps=R cpu_s_per_GB=C cipher=SUITE}.
 */
public final class ImageFanOut {

    private static final Duration BOUND = Duration.ofMinutes(4);

    private ImageFanOut() {
    }

    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args);
        SslContext tls = DeviceTls.context(flags);
        List<Long> pids = ProcStat.pids(flags.get("pids", ""));
        int devices = positive(flags, "devices", 1);
        int gets = positive(flags, "gets", 4);
        int warmup = flags.getInt("warmup-gets", 1);
        Transport transport = Transport.choose(true);
        EventLoopGroup group = transport.newGroup(positive(flags, "threads", 1));
        try {
            Round round = new Round(group, transport, tls, flags);
            if (warmup > 0) {
                round.run(1, warmup, () -> { });
            }
            long[] cpuAndStart = new long[2];
            long bytes = round.run(devices, gets, () -> {
                cpuAndStart[0] = ProcStat.cpu(pids).toNanos();
                cpuAndStart[1] = System.nanoTime();
            });
            double secs = (System.nanoTime() - cpuAndStart[1]) / 1e9;
            double cpu = (ProcStat.cpu(pids).toNanos() - cpuAndStart[0]) / 1e9;
            System.out.printf("fanout devices=%d gets=%d bytes=%d secs=%.3f MBps=%.1f cpu_s_per_GB=%s cipher=%s%n", devices,
                    gets, bytes, secs, bytes / secs / 1e6, pids.isEmpty() ? "-" : String.format("%.3f", cpu / (bytes / 1e9)),
                    round.cipher);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static int positive(Flags flags, String name, int orElse) {
        int value = flags.getInt(name, orElse);
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    /** One fan-out: connects every device, starts them together, waits until all are done. */
    private static final class Round {
        private final EventLoopGroup group;
        private final Transport transport;
        private final SslContext tls;
        private final Flags flags;
        private String cipher = "-";

        Round(EventLoopGroup group, Transport transport, SslContext tls, Flags flags) {
            this.group = group;
            this.transport = transport;
            this.tls = tls;
            this.flags = flags;
        }

        /** Returns the body bytes received; {@code started} runs just before the first request. */
        long run(int devices, int gets, Runnable started) throws Exception {
            byte[] request = ("GET " + flags.get("path") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            var target = DeviceTls.target(flags);
            List<Download> downloads = new ArrayList<>();
            List<Channel> channels = new ArrayList<>();
            try {
                for (int i = 0; i < devices; i++) {
                    Download d = new Download(request, gets);
                    downloads.add(d);
                    channels.add(new Bootstrap().group(group).channel(transport.socketChannel())
                            .handler(new ChannelInitializer<SocketChannel>() {
                                @Override
                                protected void initChannel(SocketChannel c) {
                                    c.pipeline().addLast(tls.newHandler(c.alloc(), "localhost", target.getPort()), d);
                                }
                            }).connect(target).channel());
                }
                CompletableFuture.allOf(downloads.stream().map(d -> d.ready).toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS);
                cipher = channels.get(0).pipeline().get(io.netty.handler.ssl.SslHandler.class).engine().getSession().getCipherSuite();
                started.run();
                downloads.forEach(Download::start);
                CompletableFuture.allOf(downloads.stream().map(d -> d.done).toArray(CompletableFuture[]::new))
                        .get(BOUND.toSeconds(), TimeUnit.SECONDS);
                return downloads.stream().mapToLong(d -> d.received.get()).sum();
            } finally {
                channels.forEach(Channel::close);
                channels.forEach(c -> c.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS));
            }
        }
    }

    /** One device: after the handshake, {@code gets} requests in turn, each answer's body counted and dropped. */
    private static final class Download extends ChannelInboundHandlerAdapter {
        private static final int MAX_HEAD = 8192;
        private final ByteBuf request;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicLong received = new AtomicLong();
        private final StringBuilder head = new StringBuilder();
        private ChannelHandlerContext ctx;
        private int left;
        private long bodyLeft = -1;

        Download(byte[] request, int gets) {
            this.request = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(request));
            this.left = gets;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent hs) {
                this.ctx = ctx;
                if (hs.isSuccess()) {
                    ready.complete(null);
                } else {
                    ready.completeExceptionally(hs.cause());
                }
            }
        }

        void start() {
            ctx.executor().execute(this::ask);
        }

        private void ask() {
            ctx.writeAndFlush(request.duplicate());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                while (in.isReadable() && !done.isDone()) {
                    if (bodyLeft < 0) {
                        readHead(in);
                    } else {
                        int n = (int) Math.min(bodyLeft, in.readableBytes());
                        in.skipBytes(n);
                        bodyLeft -= n;
                        received.addAndGet(n);
                    }
                    if (bodyLeft == 0) {
                        bodyLeft = -1;
                        if (--left == 0) {
                            done.complete(null);
                        } else {
                            ask();
                        }
                    }
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                ctx.close();
            } finally {
                in.release();
            }
        }

        private void readHead(ByteBuf in) {
            while (in.isReadable() && bodyLeft < 0) {
                head.append((char) in.readByte());
                if (head.length() > MAX_HEAD) {
                    throw new IllegalStateException("answer head longer than " + MAX_HEAD + " bytes");
                }
                if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                    bodyLeft = contentLength(head.toString());
                    head.setLength(0);
                }
            }
        }

        private static long contentLength(String head) {
            if (!head.startsWith("HTTP/1.1 200 ")) {
                throw new IllegalStateException("answer: " + head.lines().findFirst().orElse("") + " (expected: HTTP/1.1 200)");
            }
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    return Long.parseLong(line.substring(colon + 1).trim());
                }
            }
            throw new IllegalStateException("answer without Content-Length: " + head);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.completeExceptionally(new IllegalStateException("closed before the handshake ended"));
            done.completeExceptionally(new IllegalStateException("closed by the server with " + left + " answers to go"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            done.completeExceptionally(cause);
            ctx.close();
        }
    }
}
