package io.palisade.proxy;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.pki.KeyMatch;
import io.palisade.core.policy.PolicyEngine;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.revocation.DenyList;
import io.palisade.proxy.admission.AdmissionDecision;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.events.AdmissionWithdrawn;
import io.palisade.proxy.events.CloseReason;
import io.palisade.proxy.events.HandshakeSucceeded;
import io.palisade.proxy.events.ProxyEvents;
import io.palisade.proxy.pipeline.ConnectionContext;
import io.palisade.proxy.pipeline.ConnectionLimit;
import io.palisade.proxy.pipeline.DeviceChannelInitializer;
import io.palisade.proxy.pipeline.HandshakeRateLimit;
import io.palisade.proxy.pipeline.LiveConnections;
import io.palisade.proxy.pipeline.PipelineSettings;
import io.palisade.proxy.service.ServiceListener;
import io.palisade.proxy.tls.DeviceTrustManager;
import io.palisade.proxy.tls.ServerTls;
import io.palisade.proxy.tls.SwappableSslContext;
import io.palisade.proxy.tls.TicketKeys;
import io.palisade.proxy.tls.UpstreamTlsContexts;
import io.palisade.proxy.transport.Transport;

/**
 * The mTLS data plane: listeners that terminate TLS from devices, require a client certificate,
 * establish each device's identity with the gateway's {@link DeviceIdentityVerifier}, admit it
 * and relay its bytes to the listener's upstream, or hand it to a service (CONNECT egress, MQTT)
 * that asks the policy about each thing the device wants.
 *
 * <pre>{@code
 * MtlsProxy proxy = MtlsProxy.builder()
 *         .serverIdentity(gatewayKey, gatewayChain)          // ECDSA or RSA
 *         .verifier(verifier)                                // tenants, CRLs, deny list
 *         .denyList(denyList)                                // the same deny list
 *         .route(new TcpRoute("plc", new InetSocketAddress("0.0.0.0", 1502), Upstream.of("historian", 502)))
 *         .route(new TcpRoute("scada", new InetSocketAddress("0.0.0.0", 1503),
 *                 Upstream.of("scada", 6502).withProxyProtocol())          // tell it the device's address and id
 *                 .withProxyProtocol(ProxyProtocol.trusting(Cidr.parse("10.0.0.5/32")))) // behind HAProxy send-proxy-v2
 *         .policy(policyStore)                               // limits, and what services may do
 *         .listener(new ServiceListener("egress", new InetSocketAddress("0.0.0.0", 3128),
 *                 List.of(ConnectService.create())))         // CONNECT host:port, judged by policy
 *         .events(auditAndMetrics)
 *         .build()
 *         .start();
 * InetSocketAddress bound = proxy.address("plc");
 * proxy.cutOff(id);                                          // deny list + close its connections
 * proxy.reloadServerIdentity(renewedKey, renewedChain);      // new handshakes only; live ones untouched
 * proxy.reloadVerifier(verifierWithNewTrust);                // next handshake, fresh or resumed
 * proxy.closeUnadmitted(admission);                          // re-judge live connections (policy changed)
 * proxy.close();
 * }</pre>
 *
 * <p>TLS is 1.3 or 1.2 with AEAD suites only (ECDHE with AES-GCM or ChaCha20-Poly1305), on
 * BoringSSL when its native library loads and the JDK otherwise. A resumed TLS session does not
 * skip the identity check: the device is verified again (deny list, CRLs, validity). The device
 * never learns why it was refused; {@link ProxyEvents} does. Takes values only: certificates, keys
 * and the verifier come from the caller, never from files.
 */
public final class MtlsProxy implements AutoCloseable {

    /** How many source addresses the handshake rate limit remembers at most. */
    private static final int TRACKED_ADDRESSES = 100_000;

    private final Builder config;
    private final Transport transport;
    private final AtomicReference<DeviceIdentityVerifier> verifier;
    private final DeviceTrustManager trustManager;
    private final SwappableSslContext sslContext;
    private final LiveConnections live = new LiveConnections();
    private final ConnectionLimit limit;
    private final HandshakeRateLimit rateLimit;
    private final TicketKeys ticketKeys;
    private final PolicyEngine policy;
    private final Map<String, SslContext> upstreamContexts = new HashMap<>();
    private final Map<String, Channel> servers = new LinkedHashMap<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private boolean released;

    private MtlsProxy(Builder b) {
        this.config = b;
        this.transport = Transport.choose(b.nativeTransport);
        this.verifier = new AtomicReference<>(b.verifier);
        this.trustManager = new DeviceTrustManager(verifier::get);
        SslContext initial = ServerTls.context(b.serverKey, b.serverChain, trustManager, b.tlsEngine, alpn(b));
        this.sslContext = new SwappableSslContext(initial);
        this.policy = b.policy != null ? b.policy : PolicyStore.create(b.clock);
        this.limit = new ConnectionLimit(b.maxConnections);
        for (TcpRoute route : b.routes) {
            route.upstream().tls().ifPresent(tls -> upstreamContexts.put(route.name(), UpstreamTlsContexts.client(tls)));
        }
        this.ticketKeys = new TicketKeys(initial, new SecureRandom());
        ticketKeys.rotate();
        this.rateLimit = new HandshakeRateLimit(b.handshakesPerSecondPerAddress, TRACKED_ADDRESSES, b.clock);
    }

    /** The builder's ALPN protocols, then every service's ids not already among them. */
    private static List<String> alpn(Builder b) {
        Set<String> ids = new LinkedHashSet<>(b.alpnProtocols);
        b.serviceListeners.forEach(l -> ids.addAll(l.alpnProtocols()));
        return List.copyOf(ids);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds every listener and starts accepting devices. Returns once all are bound; if one cannot
     * bind, those already bound are closed and the cause is thrown.
     */
    public synchronized MtlsProxy start() {
        if (acceptors != null) {
            throw new IllegalStateException("already started");
        }
        acceptors = transport.newGroup(1);
        workers = transport.newGroup(config.ioThreads);
        long rotation = config.ticketKeyRotation.toMillis();
        acceptors.scheduleAtFixedRate(ticketKeys::rotate, rotation, rotation, TimeUnit.MILLISECONDS);
        try {
            for (TcpRoute route : config.routes) {
                bind(route.bind(), settings(route, null));
            }
            for (ServiceListener listener : config.serviceListeners) {
                bind(listener.bind(), settings(null, listener));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private PipelineSettings settings(TcpRoute route, ServiceListener service) {
        return new PipelineSettings(route, sslContext, route == null ? null : upstreamContexts.get(route.name()), config.events,
                config.admission, limit, rateLimit, live, config.denyList, transport, config.clock, config.handshakeTimeout,
                config.idleTimeout, config.upstreamConnectTimeout, policy, service);
    }

    private void bind(InetSocketAddress address, PipelineSettings settings) {
        Channel server = new ServerBootstrap().group(acceptors, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new DeviceChannelInitializer(settings))
                .bind(address).syncUninterruptibly().channel();
        servers.put(settings.listener(), server);
    }

    /** The bound address of every listener, routes and service listeners, in the order they were added. */
    public synchronized Map<String, InetSocketAddress> addresses() {
        Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
        servers.forEach((name, server) -> bound.put(name, (InetSocketAddress) server.localAddress()));
        return bound;
    }

    /** The address a listener is bound to (with the actual port when it was configured as 0). */
    public synchronized InetSocketAddress address(String listener) {
        Channel server = servers.get(requireNonNull(listener, "listener"));
        if (server == null) {
            throw new IllegalArgumentException("listener: " + listener + " (expected: one of " + servers.keySet()
                    + (acceptors == null ? ", after start()" : "") + ")");
        }
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * Cuts a device off now: puts it on the deny list (so every next handshake, fresh or resumed,
     * is refused) and closes its live connections. Returns how many were closed.
     */
    public int cutOff(DeviceId device) {
        config.denyList.add(requireNonNull(device, "device"));
        return closeDevice(device);
    }

    /**
     * Closes every live connection of {@code device} at once, e.g. right after adding it to the deny
     * list (which refuses its next handshakes). Returns how many connections were closed.
     */
    public int closeDevice(DeviceId device) {
        return live.closeDevice(requireNonNull(device, "device"), CloseReason.DEVICE_CUT_OFF);
    }

    /**
     * Puts a new server identity in force for every handshake from now on (a renewed gateway
     * certificate); connections already open keep theirs, and session tickets keep resuming. The
     * key must match the chain's first certificate and the TLS engine must accept both; otherwise
     * an {@link IllegalArgumentException} says why and the identity in force stays.
     */
    public void reloadServerIdentity(PrivateKey key, List<X509Certificate> chain) {
        Builder checked = new Builder().serverIdentity(key, chain);
        SslContext next = ServerTls.context(checked.serverKey, checked.serverChain, trustManager, config.tlsEngine,
                alpn(config));
        synchronized (ticketKeys) {
            ticketKeys.moveTo(next);
            ReferenceCountUtil.release(sslContext.swap(next)); // open connections' engines hold their own reference
        }
    }

    /**
     * Puts a new verifier in force (reloaded tenants, trust bundles, CRLs): every handshake from now
     * on, fresh or resumed, is judged by it; connections already open are left alone. Pass a
     * verifier that reads the same deny list as {@link Builder#denyList}.
     */
    public void reloadVerifier(DeviceIdentityVerifier next) {
        verifier.set(requireNonNull(next, "next"));
    }

    /** The verifier judging handshakes now. */
    public DeviceIdentityVerifier verifier() {
        return verifier.get();
    }

    /**
     * Asks {@code admission} again about every connection whose device is verified (e.g. once a new
     * policy is in force) and closes, with {@link CloseReason#POLICY_CHANGED}, those it refuses
     * now; the others are untouched. An admission that throws refuses (fail closed). Returns one
     * entry per connection closed, for the audit log.
     */
    public List<AdmissionWithdrawn> closeUnadmitted(DeviceAdmission admission) {
        requireNonNull(admission, "admission");
        Map<String, TcpRoute> routes = new HashMap<>();
        config.routes.forEach(r -> routes.put(r.name(), r));
        List<AdmissionWithdrawn> withdrawn = new ArrayList<>();
        for (Map.Entry<DeviceId, Channel> entry : live.identified()) {
            Channel channel = entry.getValue();
            DeviceIdentity identity = channel.attr(DeviceAttributes.IDENTITY).get();
            ConnectionContext conn = ConnectionContext.of(channel).orElse(null);
            TcpRoute route = conn == null ? null : routes.get(conn.listener());
            if (identity == null || route == null || !channel.isActive()) {
                continue;
            }
            AdmissionDecision decision;
            try {
                decision = requireNonNull(admission.decide(identity, route), "decision");
            } catch (RuntimeException e) {
                decision = AdmissionDecision.refuse("admission failed: " + e);
            }
            if (!decision.admitted()) {
                live.close(channel, CloseReason.POLICY_CHANGED);
                withdrawn.add(new AdmissionWithdrawn(route.name(), conn.remote(), entry.getKey(), decision.reason()));
            }
        }
        return withdrawn;
    }

    /**
     * Starts issuing TLS session tickets under a fresh key now, keeping the previous key only to
     * accept tickets already issued (so tickets older than two rotations no longer resume). Runs
     * by itself every {@code ticketKeyRotation}. Returns false on the JDK engine, which rotates
     * its own keys.
     */
    public boolean rotateTicketKeys() {
        return ticketKeys.rotate();
    }

    /** How many device connections are open now, in any state. */
    public int connections() {
        return limit.open();
    }

    /** The TLS implementation in use. */
    public TlsEngine tlsEngine() {
        return ServerTls.engineOf(sslContext.current());
    }

    /** Whether the native (epoll) transport is in use rather than NIO. */
    public boolean nativeTransport() {
        return transport.isNative();
    }

    /** Stops accepting, closes every connection and releases the I/O threads. Idempotent. */
    @Override
    public synchronized void close() {
        servers.values().forEach(s -> s.close().syncUninterruptibly());
        servers.clear();
        live.closeAll(CloseReason.SHUTDOWN);
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (!released) {
            released = true;
            ReferenceCountUtil.release(sslContext.current());
            upstreamContexts.values().forEach(ReferenceCountUtil::release);
        }
    }

    /** Builds an {@link MtlsProxy}: a server identity, a verifier and at least one route are required. */
    public static final class Builder {
        private PrivateKey serverKey;
        private List<X509Certificate> serverChain;
        private DeviceIdentityVerifier verifier;
        private DenyList denyList = DenyList.empty();
        private final List<TcpRoute> routes = new ArrayList<>();
        private final List<ServiceListener> serviceListeners = new ArrayList<>();
        private PolicyEngine policy;
        private ProxyEvents events = ProxyEvents.NONE;
        private DeviceAdmission admission = DeviceAdmission.ALLOW_VERIFIED;
        private Clock clock = Clock.systemUTC();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration upstreamConnectTimeout = Duration.ofSeconds(10);
        private Duration ticketKeyRotation = Duration.ofHours(1);
        private List<String> alpnProtocols = List.of();
        private int maxConnections = 50_000;
        private int handshakesPerSecondPerAddress = 50;
        private int ioThreads;
        private TlsEngine tlsEngine = TlsEngine.AUTO;
        private boolean nativeTransport = true;

        private Builder() {}

        /**
         * The gateway's own certificate chain (leaf first) and its private key, presented to every
         * device. ECDSA (P-256, P-384) or RSA (2048 bits or more).
         */
        public Builder serverIdentity(PrivateKey key, List<X509Certificate> chain) {
            requireNonNull(key, "key");
            List<X509Certificate> copy = List.copyOf(requireNonNull(chain, "chain"));
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("chain: empty (expected: the gateway's certificate first)");
            }
            if (!KeyMatch.matches(key, copy.get(0).getPublicKey())) {
                throw new IllegalArgumentException("key: " + key.getAlgorithm()
                        + " (expected: the private key of " + copy.get(0).getSubjectX500Principal().getName() + ")");
            }
            this.serverKey = key;
            this.serverChain = copy;
            return this;
        }

        /** Who may connect: the tenants' trust, CRLs, deny list and chain-length cap. */
        public Builder verifier(DeviceIdentityVerifier verifier) {
            this.verifier = requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * The deny list the verifier reads (pass the same instance). The data plane checks it once
         * more when a verified device is filed under its id, closing the window between a handshake
         * verified just before a device was listed and {@link MtlsProxy#closeDevice}; and
         * {@link MtlsProxy#cutOff} adds to it. Default: an empty list of its own.
         */
        public Builder denyList(DenyList denyList) {
            this.denyList = requireNonNull(denyList, "denyList");
            return this;
        }

        /** Adds a listener relaying every admitted device to a fixed upstream. */
        public Builder route(TcpRoute route) {
            requireNonNull(route, "route");
            routes.add(route);
            return this;
        }

        /**
         * Adds a listener serving protocols ({@link io.palisade.proxy.service.DeviceService}s, e.g. CONNECT egress, MQTT)
         * instead of a fixed route; its services' ALPN ids are offered in every handshake. Its
         * name must differ from every other listener's.
         */
        public Builder listener(ServiceListener listener) {
            requireNonNull(listener, "listener");
            serviceListeners.add(listener);
            return this;
        }

        /**
         * The policy the data plane asks: the per-device connection limit ({@code limits.connections},
         * counted over every listener) and every service's decisions. Pass the gateway's
         * {@link io.palisade.core.policy.PolicyStore}, which answers with its current generation.
         * Default: an empty policy, which denies every service request (CONNECT, MQTT) and sets no
         * limit; fixed routes stay open to verified devices as decided by {@link #admission}.
         */
        public Builder policy(PolicyEngine policy) {
            this.policy = requireNonNull(policy, "policy");
            return this;
        }

        /** Receives handshake, refusal and close events. Default: none. */
        public Builder events(ProxyEvents events) {
            this.events = requireNonNull(events, "events");
            return this;
        }

        /** Decides, per verified device, whether it may use a route. Default: every verified device. */
        public Builder admission(DeviceAdmission admission) {
            this.admission = requireNonNull(admission, "admission");
            return this;
        }

        /** The clock stamping events and timing connections. Default: the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** How long a device has from TCP accept to a completed handshake. Default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** How long a connection may move no byte either way before it is closed. Default 5 min. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** How long connecting to an upstream may take. Default 10 s. */
        public Builder upstreamConnectTimeout(Duration timeout) {
            this.upstreamConnectTimeout = positive(timeout, "upstreamConnectTimeout");
            return this;
        }

        /**
         * The application protocols offered by ALPN, most preferred first (e.g. {@code mqtt},
         * {@code h2}, {@code http/1.1}); the one selected is in {@link HandshakeSucceeded}. A device
         * offering none of them connects without one. Default: no ALPN.
         */
        public Builder alpnProtocols(List<String> protocols) {
            List<String> copy = List.copyOf(requireNonNull(protocols, "protocols"));
            for (String p : copy) {
                if (p.isEmpty() || p.length() > 255) {
                    throw new IllegalArgumentException("alpnProtocols: '" + p + "' (expected: 1-255 characters)");
                }
            }
            this.alpnProtocols = copy;
            return this;
        }

        /**
         * How often the session ticket key is replaced (BoringSSL); a ticket resumes for at most
         * twice this. Default 1 h.
         */
        public Builder ticketKeyRotation(Duration rotation) {
            this.ticketKeyRotation = positive(rotation, "ticketKeyRotation");
            return this;
        }

        /** How many device connections may be open at once, over all listeners. Default 50 000. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections <= 0) {
                throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * How many new connections one source address may open per second (bursts up to the same
         * number); the excess is refused before any TLS work. Default 50. Behind a load balancer
         * without PROXY protocol every device shares the balancer's address: raise it there; with
         * it ({@link TcpRoute#withProxyProtocol}) each device counts under the address its header states.
         */
        public Builder handshakesPerSecondPerAddress(int perSecond) {
            if (perSecond <= 0) {
                throw new IllegalArgumentException("handshakesPerSecondPerAddress: " + perSecond + " (expected: > 0)");
            }
            this.handshakesPerSecondPerAddress = perSecond;
            return this;
        }

        /** How many I/O threads serve connections; 0 (the default) means twice the number of cores. */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 0) {
                throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /** Which TLS implementation to use. Default {@link TlsEngine#AUTO}. */
        public Builder tlsEngine(TlsEngine tlsEngine) {
            this.tlsEngine = requireNonNull(tlsEngine, "tlsEngine");
            return this;
        }

        /** Whether to use epoll when available (the default) rather than NIO. */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /** Validates the settings and builds the TLS context; binds nothing until {@link MtlsProxy#start()}. */
        public MtlsProxy build() {
            if (serverKey == null) {
                throw new IllegalStateException("serverIdentity: not set (expected: the gateway's key and chain)");
            }
            if (verifier == null) {
                throw new IllegalStateException("verifier: not set (expected: a DeviceIdentityVerifier)");
            }
            if (routes.isEmpty() && serviceListeners.isEmpty()) {
                throw new IllegalStateException("routes: none (expected: at least one listener)");
            }
            Set<String> names = new HashSet<>();
            for (TcpRoute r : routes) {
                if (!names.add(r.name())) {
                    throw new IllegalStateException("routes: " + r.name() + " appears twice (expected: unique listener names)");
                }
            }
            for (ServiceListener l : serviceListeners) {
                if (!names.add(l.name())) {
                    throw new IllegalStateException("listeners: " + l.name() + " appears twice (expected: unique listener names)");
                }
            }
            return new MtlsProxy(this);
        }

        private static Duration positive(Duration d, String name) {
            requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }
    }
}
