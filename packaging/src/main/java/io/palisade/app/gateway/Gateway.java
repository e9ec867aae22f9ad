package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.LimitsConfig;
import io.palisade.config.gateway.TenantConfig;
import io.palisade.config.gateway.TrustConfig;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.revocation.DenyList;
import io.palisade.proxy.MtlsProxy;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.admission.DeviceAdmission;
import io.palisade.proxy.events.ProxyEvents;

/**
 * A gateway assembled from a validated {@link GatewayConfig}: the one place where configuration
 * records become the runtime's builders, and where files are read (runtime modules take values).
 *
 * <pre>
 * identity            → MtlsProxy.serverIdentity   (PEM files, or the local CA's gateway.crt, see LocalPki)
 * tenants[]           → TenantTrust                (trust: local → local root; FILE → its certificates;
 *                                                   revocation.crls → CRLs; whenUnavailable as written)
 * denyList            → DenyList                   (DenyListFile: one device id per line, # comments)
 * limits              → handshakeTimeout, idleTimeout, maxConnections
 * listeners[].route   → TcpRoute(name, bind, Upstream(to))  (tls, trust, proxyProtocol: see ListenerRoutes)
 * listeners[].proxyProtocol → TcpRoute.withProxyProtocol(trustedFrom)
 * </pre>
 *
 * Every problem is collected before failing, so {@link AssemblyException} lists them all.
 * Lifecycle: {@link #start()} binds every listener, {@link #shutdown(Duration)} drains and closes.
 */
public final class Gateway implements AutoCloseable {

    private final MtlsProxy proxy;
    private final Draining draining;
    private final DenyList denyList;
    private final List<TcpRoute> routes;
    private volatile boolean started;

    private Gateway(MtlsProxy proxy, Draining draining, DenyList denyList, List<TcpRoute> routes) {
        this.proxy = proxy;
        this.draining = draining;
        this.denyList = denyList;
        this.routes = List.copyOf(routes);
    }

    /** Reads every file {@code config} names and builds the data plane; binds nothing yet. */
    public static Gateway assemble(GatewayConfig config, List<ProxyEvents> events, Clock clock) throws AssemblyException {
        requireNonNull(config, "config");
        requireNonNull(events, "events");
        requireNonNull(clock, "clock");
        Set<String> problems = new LinkedHashSet<>(); // a broken local CA is reported once, not per use
        LocalPki localPki = new LocalPki(config.pkiDirectory(), localTenant(config), clock);
        ServerIdentity identity = collect(problems, () -> ServerIdentity.load(config.identity(), localPki));
        List<TenantTrust> tenants = collect(problems, () -> TenantTrusts.of(config.tenants(), localPki));
        Set<DeviceId> denied = config.denyList().isEmpty() ? Set.of()
                : collect(problems, () -> DenyListFile.read(config.denyList().get()));
        List<TcpRoute> routes = collect(problems, () -> ListenerRoutes.of(config.listeners(), identity));
        if (!problems.isEmpty()) {
            throw new AssemblyException(List.copyOf(problems));
        }
        DenyList denyList = DenyList.of(denied);
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenants(tenants).denyList(denyList).clock(clock).build();
        Draining draining = new Draining(DeviceAdmission.ALLOW_VERIFIED);
        LimitsConfig limits = config.limits();
        MtlsProxy.Builder builder = MtlsProxy.builder()
                .serverIdentity(identity.key(), identity.chain())
                .verifier(verifier)
                .admission(draining)
                .events(new FanOut(concat(draining, events)))
                .clock(clock)
                .handshakeTimeout(limits.handshakeTimeout())
                .idleTimeout(limits.idleTimeout())
                .maxConnections(limits.maxConnections());
        routes.forEach(builder::route);
        try {
            return new Gateway(builder.build(), draining, denyList, routes);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AssemblyException(e.getMessage(), e);
        }
    }

    /** Binds every listener; if one cannot bind, none stays bound. */
    public void start() throws AssemblyException {
        try {
            proxy.start();
        } catch (Exception e) { // Netty rethrows a bind failure (a checked BindException) unchecked
            throw new AssemblyException("listeners: cannot bind (" + e + ")", e);
        }
        started = true;
    }

    /** Each listener's name and the address it is bound to (the real port when configured as 0), in config order. */
    public Map<String, InetSocketAddress> listeners() {
        Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
        routes.forEach(route -> bound.put(route.name(), proxy.address(route.name())));
        return bound;
    }

    /** The listeners as configured: name, bind address, upstream; in config order. */
    public List<TcpRoute> routes() {
        return routes;
    }

    /** {@code 127.0.0.1:8443}, {@code [::1]:8443}: an address as operators write it, never resolved. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Whether every listener is bound and the gateway is not shutting down. */
    public boolean isReady() {
        return started && !draining.isDraining();
    }

    /** Device connections open now, in any state (handshaking or relaying). */
    public int connections() {
        return proxy.connections();
    }

    /** The devices refused whatever their certificates say, as loaded from {@code denyList}. */
    public DenyList denyList() {
        return denyList;
    }

    /**
     * Graceful stop: refuses new devices, waits up to {@code deadline} for the connections already
     * relaying to end, then closes everything. Returns whether they all ended within the deadline.
     */
    public boolean shutdown(Duration deadline) throws InterruptedException {
        requireNonNull(deadline, "deadline");
        draining.start();
        try {
            return draining.awaitIdle(deadline);
        } finally {
            proxy.close();
        }
    }

    /** Admitted connections still relaying. */
    public long activeConnections() {
        return draining.active();
    }

    @Override
    public void close() {
        draining.start();
        proxy.close();
    }

    /** The tenant a new local CA issues for: the first tenant that trusts {@code local}, else {@code local}. */
    private static String localTenant(GatewayConfig config) {
        return config.tenants().stream().filter(t -> t.trust() instanceof TrustConfig.LocalCa)
                .map(TenantConfig::name).findFirst().orElse("local");
    }

    private static List<ProxyEvents> concat(ProxyEvents first, List<ProxyEvents> rest) {
        List<ProxyEvents> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private interface Step<T> {
        T run() throws AssemblyException;
    }

    private static <T> T collect(Set<String> problems, Step<T> step) {
        try {
            return step.run();
        } catch (AssemblyException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
