package io.palisade.proxy.relay;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Function;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.palisade.proxy.Upstream;
import io.palisade.proxy.haproxy.ProxyHeaderWriter;
import io.palisade.proxy.transport.Transport;

/**
 * Opens the connection to a route's upstream on the device's own event loop (so the relay needs
 * no locks): TCP with half-closure allowed and auto-read off until the relay starts, then TLS
 * when the upstream asks for it. Done when the upstream is ready to carry bytes.
 */
final class UpstreamConnector {

    /** The name of the SslHandler on an upstream channel that speaks TLS. */
    static final String TLS = "tls";

    private final Upstream upstream;
    private final SslContext tls;
    private final Function<Channel, Bootstrap> bootstraps;

    /** {@code tls}: the client context towards the upstream, null for plain TCP. */
    UpstreamConnector(Upstream upstream, SslContext tls, Transport transport, Duration connectTimeout) {
        this(upstream, tls, device -> new Bootstrap().group(device.eventLoop()).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
        requireNonNull(transport, "transport");
        requireNonNull(connectTimeout, "connectTimeout");
    }

    /** Connects with the bootstrap {@code bootstraps} gives for the device (on its event loop, with its timeout). */
    UpstreamConnector(Upstream upstream, SslContext tls, Function<Channel, Bootstrap> bootstraps) {
        this.upstream = requireNonNull(upstream, "upstream");
        if (upstream.tls().isPresent() && tls == null) {
            throw new IllegalArgumentException("upstreamTls: null (expected: a client context for " + upstream + ")");
        }
        this.tls = tls;
        this.bootstraps = requireNonNull(bootstraps, "bootstraps");
    }

    /**
     * Connects for {@code device}, with {@code handler} as the upstream's last handler. The
     * upstream is closed if the device closes first; on failure the promise carries the cause.
     */
    Future<SocketChannel> connect(Channel device, UpstreamHandler handler) {
        Promise<SocketChannel> ready = device.eventLoop().newPromise();
        handler.connecting(ready);
        ProxyHeaderWriter header = upstream.proxyProtocol() ? ProxyHeaderWriter.forDevice(device) : null;
        ChannelFuture connected = bootstraps.apply(device)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(TLS, tls.newHandler(ch.alloc(), upstream.host(), upstream.port()));
                        }
                        ch.pipeline().addLast(UpstreamHandler.NAME, handler);
                        if (header != null) {
                            header.addTo(ch.pipeline()); // first: the header precedes any TLS
                        }
                    }
                })
                .connect(upstream.host(), upstream.port());
        SocketChannel channel = (SocketChannel) connected.channel();
        device.closeFuture().addListener(f -> channel.close());
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
            }
            SslHandler handshake = channel.pipeline().get(SslHandler.class);
            if (handshake == null) {
                ready.trySuccess(channel);
                return;
            }
            handshake.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    ready.trySuccess(channel);
                } else {
                    channel.close();
                    ready.tryFailure(h.cause());
                }
            });
        });
        return ready;
    }

    /** How the upstream is named in refusal details. */
    String describe() {
        return "upstream " + upstream + (tls != null ? " (tls)" : "") + (upstream.proxyProtocol() ? " (proxy protocol)" : "");
    }
}
