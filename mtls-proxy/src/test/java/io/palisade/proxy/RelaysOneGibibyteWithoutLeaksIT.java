package io.palisade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ResourceLeakDetector;
import io.palisade.proxy.events.ConnectionClosed;
import io.palisade.proxy.fixtures.Gateway;
import io.palisade.testing.pki.HeldCert;

/**
 * One device relays a gibibyte through the gateway (BoringSSL) to an echo upstream and back, with
 * Netty's leak detector at {@code paranoid}: every byte comes back in order (a CRC-32 of what was
 * sent equals a CRC-32 of what came back, and both counts are 2^30), the gateway reports the same
 * counts both ways, and the leak detector reports nothing.
 *
 * <p>How leaks are seen: the detector logs {@code LEAK: …} at ERROR through SLF4J under its own
 * logger, once a leaked buffer has been garbage-collected and a later allocation polls its queue.
 * The test listens on that logger, and after the transfer collects garbage and allocates again so
 * that anything leaked during the transfer is reported before the assertion. A canary proves that
 * the listening works: a resource tracked by a detector of its own and never released is reported
 * (its {@code LEAK: …DeliberatelyLeakedCanary} line in the build log is expected).
 *
 * <p>The whole gibibyte takes about 10 s on a 2-core machine even at {@code paranoid} (64 KiB
 * writes, so the per-buffer stack traces stay few); the test fails after 5 minutes.
 */
class RelaysOneGibibyteWithoutLeaksIT {

    private static final long TOTAL = 1L << 30;
    private static final int CHUNK = 64 * 1024;

    private final Logger leakLogger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    private ResourceLeakDetector.Level levelBefore;

    @BeforeEach
    void listenForLeaks() {
        levelBefore = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        leaks.start();
        leakLogger.addAppender(leaks);
    }

    @AfterEach
    void stopListening() {
        leakLogger.detachAppender(leaks);
        ResourceLeakDetector.setLevel(levelBefore);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyByteArrivesAndNothingLeaks() throws Exception {
        long started = System.nanoTime();
        try (Gateway gw = Gateway.start(b -> b.tlsEngine(TlsEngine.BORINGSSL));
             Device device = new Device(gw.port(), gw.pki.device().build(), gw.server.root())) {

            device.echoed.get(4, TimeUnit.MINUTES);

            assertThat(device.received).isEqualTo(TOTAL);
            assertThat(device.receivedCrc.getValue()).as("CRC-32 of the echo").isEqualTo(device.sentCrc.getValue());
            assertThat(gw.echo.received()).isEqualTo(TOTAL);
            device.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.events.closes.size() == 1);
            ConnectionClosed closed = gw.events.closes.get(0);
            assertThat(closed.bytesFromDevice()).isEqualTo(TOTAL);
            assertThat(closed.bytesToDevice()).isEqualTo(TOTAL);
            assertThat(gw.events.refusals).isEmpty();
        }
        System.out.printf("relayed %d MiB both ways under paranoid leak detection in %d s%n",
                TOTAL >> 20, (System.nanoTime() - started) / 1_000_000_000L);

        leakCanary();
        assertThat(leaks.list).as("leak reports").noneMatch(e -> e.getFormattedMessage().contains("LEAK")
                && !e.getFormattedMessage().contains("DeliberatelyLeakedCanary"));
    }

    /**
     * Tracks a canary with a detector of its own and drops it unreleased, then collects garbage and
     * allocates (canaries and buffers: each tracked allocation polls its detector's queue) until
     * the canary is reported; a buffer leaked during the transfer is reported in the same rounds.
     */
    private void leakCanary() {
        ResourceLeakDetector<DeliberatelyLeakedCanary> detector = new ResourceLeakDetector<>(DeliberatelyLeakedCanary.class, 1);
        detector.track(new DeliberatelyLeakedCanary());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            System.gc();
            var next = new DeliberatelyLeakedCanary(); // each track() polls the queue of collected, unreleased objects
            detector.track(next).close(next);
            io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(16).release(); // so do buffer allocations
            return reported("DeliberatelyLeakedCanary");
        });
    }

    private boolean reported(String text) {
        return leaks.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
    }

    /** A resource only the canary's detector knows. */
    private static final class DeliberatelyLeakedCanary {
    }

    /**
     * A device that streams {@link #TOTAL} pseudo-random bytes as fast as its channel takes them and
     * checks the echo with a running CRC-32.
     */
    private static final class Device extends ChannelInboundHandlerAdapter implements AutoCloseable {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel channel;
        private final SplittableRandom random = new SplittableRandom(20_240_611);
        private final CRC32 sentCrc = new CRC32();
        private final CRC32 receivedCrc = new CRC32();
        private final CompletableFuture<Void> echoed = new CompletableFuture<>();
        private final byte[] chunk = new byte[CHUNK];
        private long queued;
        private volatile long received;

        Device(int port, HeldCert device, X509Certificate gatewayRoot) throws Exception {
            SslContext tls = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                    .keyManager(device.privateKey(), device.chain().toArray(new X509Certificate[0]))
                    .trustManager(gatewayRoot).protocols("TLSv1.3").build();
            channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port), Device.this);
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (done.isSuccess()) {
                    pump(ctx);
                } else {
                    echoed.completeExceptionally(done.cause());
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            while (queued < TOTAL && ctx.channel().isWritable()) {
                random.nextBytes(chunk);
                sentCrc.update(chunk);
                ctx.write(ctx.alloc().directBuffer(CHUNK).writeBytes(chunk));
                queued += CHUNK;
            }
            ctx.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                receivedCrc.update(in.nioBuffer());
                received += in.readableBytes();
            } finally {
                in.release();
            }
            if (received >= TOTAL) {
                echoed.complete(null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            echoed.completeExceptionally(new IllegalStateException("closed after " + received + " bytes echoed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            echoed.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void close() {
            if (group.isShuttingDown()) {
                return;
            }
            channel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
