package io.palisade.proxy.pipeline;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.palisade.proxy.events.RefusalReason;
import io.palisade.proxy.haproxy.ProxyHeaderHandler;
import io.palisade.proxy.relay.RelayHandler;

/**
 * Builds the pipeline of each accepted device connection, on a fixed-route listener or on a
 * service listener.
 *
 * <pre>
 *  accept ──▶ handshake rate per source address, then connection limit (both here, before any TLS
 *             state exists: over either → one refusal event, closed); a trusted load balancer
 *             (route's ProxyProtocol) skips the rate check here: its header names the device
 *               │
 *  ┌────────────▼─────────────────────────────────────────────────────────────────────────────┐
 *  │ "proxy-decoder" HAProxyMessageDecoder  only for a trusted balancer: PROXY v2 header      │
 *  │ "proxy-header"  ProxyHeaderHandler  remote := stated client, then its handshake rate;    │
 *  │                                  LOCAL → closed quietly; bad/none → refused; removes itself│
 *  │ "tls"       SslHandler           TLS 1.3/1.2, AEAD only, client certificate REQUIRED;      │
 *  │                                  DeviceTrustManager runs the DeviceIdentityVerifier in the │
 *  │                                  handshake (and again on resumption); handshake timeout    │
 *  │ "idle"      IdleTimeoutHandler   closes after idleTimeout with no byte either way          │
 *  │ "identity"  DeviceIdentityHandler  handshake done → filed in LiveConnections, deny list    │
 *  │                                  checked once more, DeviceAttributes.IDENTITY set,         │
 *  │                                  handshakeSucceeded event, IdentityEstablished fired,      │
 *  │                                  removes itself; handshake failed → one refusal event      │
 *  │ "device-limit" DeviceLimitHandler  policy limits.connections of this device over every    │
 *  │                                  listener; over → NOT_ADMITTED; removes itself             │
 *  ├─ fixed route ─────────────────────────────────────────────────────────────────────────────┤
 *  │ "admission" AdmissionHandler     DeviceAdmission decides on the route; removes itself      │
 *  │ "relay"     RelayHandler         connects the upstream on this event loop, then splices:   │
 *  ├─ service listener ────────────────────────────────────────────────────────────────────────┤
 *  │ "service"   ServiceSelector      picks the DeviceService by ALPN (or the default), calls   │
 *  │                                  its install(pipeline, ServiceContext), removes itself;    │
 *  │   e.g. CONNECT: "http-request" HttpRequestDecoder, "connect" ConnectHandler (policy on    │
 *  │                 the name, resolve, policy on the addresses, 200/403/502/504), then       │
 *  │                 "relay" RelayHandler as below                                             │
 *  └────────────┬─────────────────────────────────────────────────────────────────────────────┘
 *               │ ByteBufs passed through, backpressure by auto-read, half-close carried
 *  upstream channel: ["proxy-encoder", "proxy-header" ProxyHeaderWriter: PROXY v2 header with the
 *                    device's addresses and id TLV 0xE0, first, when the upstream asks for it]
 *                    ["tls" SslHandler, when the route says so: the gateway's client identity]
 *                    "upstream" UpstreamHandler ──▶ route's host:port (or the CONNECT target)
 * </pre>
 *
 * Services find the device in {@link io.palisade.proxy.DeviceAttributes#IDENTITY} and in their
 * {@link io.palisade.proxy.service.ServiceContext}. Every connection is tracked in
 * {@link LiveConnections} and reports its story through its {@link ConnectionContext}.
 */
public final class DeviceChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** The name of the SslHandler in the pipeline. */
    public static final String TLS = "tls";

    private final PipelineSettings settings;
    private final Supplier<RelayHandler> relays; // null on a service listener

    public DeviceChannelInitializer(PipelineSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        this.relays = settings.route() == null ? null : RelayHandler.forRoute(settings.route().upstream(), settings.upstreamTls(),
                settings.transport(), settings.upstreamConnectTimeout());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ConnectionContext conn = new ConnectionContext(settings.listener(), remoteOf(ch), settings.events(), settings.clock());
        conn.attachTo(ch);
        boolean balancer = settings.proxyProtocol().trusts(ch.remoteAddress()); // rate-limited once its header names the device
        if (!balancer && !settings.rateLimit().admit(conn)) {
            ch.close();
            return;
        }
        ConnectionLimit limit = settings.limit();
        if (!limit.tryAcquire()) {
            conn.refuse(RefusalReason.CONNECTION_LIMIT, limit.max() + " connections open (maxConnections)");
            ch.close();
            return;
        }
        settings.live().add(ch);
        ch.closeFuture().addListener(f -> {
            limit.release();
            conn.closed();
        });
        SslHandler tls = settings.sslContext().newHandler(ch.alloc());
        tls.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
        ChannelPipeline p = ch.pipeline();
        p.addLast(TLS, tls);
        if (balancer) {
            ProxyHeaderHandler.addTo(p, settings.rateLimit());
        }
        p.addLast(IdleTimeoutHandler.NAME, new IdleTimeoutHandler(settings.idleTimeout()));
        p.addLast(DeviceIdentityHandler.NAME, new DeviceIdentityHandler(settings.live(), settings.denyList()));
        p.addLast(DeviceLimitHandler.NAME, new DeviceLimitHandler(settings.policy(), settings.live()));
        if (settings.service() != null) {
            p.addLast(ServiceSelector.NAME, new ServiceSelector(settings));
            return;
        }
        p.addLast(AdmissionHandler.NAME, new AdmissionHandler(settings.admission(), settings.route()));
        p.addLast(RelayHandler.NAME, relays.get());
    }

    private static InetSocketAddress remoteOf(SocketChannel ch) {
        InetSocketAddress remote = ch.remoteAddress();
        return remote != null ? remote : InetSocketAddress.createUnresolved("unknown", 0);
    }
}
