package io.palisade.app.gateway;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.palisade.adapters.mqtt.MqttEvents;
import io.palisade.adapters.mqtt.MqttGatewayService;
import io.palisade.adapters.mqtt.cloud.CloudBroker;
import io.palisade.app.logging.AuditLog;
import io.palisade.config.LoadResult;
import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.LimitsConfig;
import io.palisade.config.gateway.ListenerConfig;
import io.palisade.config.gateway.RevocationConfig;
import io.palisade.config.gateway.TenantConfig;
import io.palisade.config.gateway.TrustConfig;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.revocation.CrlRefresh;
import io.palisade.core.revocation.DenyList;
import io.palisade.core.revocation.DistributionPointCrls;
import io.palisade.proxy.MtlsProxy;
import io.palisade.proxy.TcpRoute;
import io.palisade.proxy.service.ServiceListener;
import io.palisade.proxy.events.AdmissionWithdrawn;
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
 * policies, registry  → PolicyStore                (PolicySource; judges fixed routes, see PolicyAdmission)
 * limits              → handshakeTimeout, idleTimeout, maxConnections
 * listeners[].route   → TcpRoute(name, bind, Upstream(to))  (tls, trust, proxyProtocol: see ListenerRoutes)
 * listeners[].proxyProtocol → TcpRoute.withProxyProtocol(trustedFrom)
 * listeners[].serve   → ServiceListener            (connect, mqtt, updates, est: see ServiceListeners)
 * cloud.mqtt          → MqttGatewayService         (one per gateway, started by start(); embedded broker when absent)
 * cloud.updates, .est → HttpRelays                 (&lt;state&gt;/updates, image-cache; the local CA when est is absent)
 * </pre>
 *
 * Every problem is collected before failing, so {@link AssemblyException} lists them all.
 * Lifecycle: {@link #start()} binds every listener, {@link #shutdown(Duration)} drains and closes.
 *
 * <p>Reload ({@link #reload(Reloadable)}): each part is read and validated again from its files,
 * then swapped in atomically, or the part in force stays and the outcome says why. Live
 * connections are left alone except those the new state refuses: devices newly on the deny list,
 * and, when the policy changes, connections the new policy no longer admits (each one an audit
 * line, {@code event=admission-withdrawn}).
 */
public final class Gateway implements AutoCloseable {

    private final GatewayConfig config;
    private final MtlsProxy proxy;
    private final Draining draining;
    private final DenyList denyList;
    private final List<TcpRoute> routes;
    private final PolicyStore policies;
    private final Reloads reloads;
    private final Clock clock;
    private final DistributionPointCrls distributionPoints;
    private final MqttUpstream mqtt;
    private final HttpRelays relays;
    private volatile CrlFetcher crlFetcher;
    private volatile boolean started;

    private Gateway(GatewayConfig config, Clock clock, MtlsProxy proxy, Draining draining, DenyList denyList,
                    List<TcpRoute> routes, PolicyStore policies, PolicySource policySource, PolicyAdmission policyAdmission,
                    Reloads.Enforcement enforcement, DistributionPointCrls distributionPoints, MqttUpstream mqtt,
                    HttpRelays relays) {
        this.config = config;
        this.mqtt = mqtt;
        this.relays = relays;
        this.proxy = proxy;
        this.draining = draining;
        this.denyList = denyList;
        this.routes = List.copyOf(routes);
        this.policies = policies;
        this.clock = clock;
        this.distributionPoints = distributionPoints;
        this.reloads = new Reloads(config, clock, proxy, denyList, policies, policySource, enforcement, distributionPoints);
        policies.addListener((previous, current) -> {
            for (AdmissionWithdrawn w : proxy.closeUnadmitted(policyAdmission)) {
                AuditLog.admissionWithdrawn(w, current.generation());
            }
        });
    }

    /** Reads every file {@code config} names and builds the data plane; binds nothing yet; MQTT events go nowhere. */
    public static Gateway assemble(GatewayConfig config, List<ProxyEvents> events, Clock clock) throws AssemblyException {
        return assemble(config, events, List.of(), clock);
    }

    /**
     * Reads every file {@code config} names and builds the data plane; binds nothing yet. The
     * data-plane events go to {@code events}, the MQTT stage's denials and refusals to {@code mqttEvents}.
     */
    public static Gateway assemble(GatewayConfig config, List<ProxyEvents> events, List<MqttEvents> mqttEvents, Clock clock)
            throws AssemblyException {
        requireNonNull(config, "config");
        requireNonNull(events, "events");
        requireNonNull(mqttEvents, "mqttEvents");
        requireNonNull(clock, "clock");
        Set<String> problems = new LinkedHashSet<>(); // a broken local CA is reported once, not per use
        LocalPki localPki = new LocalPki(config.pkiDirectory(), localTenant(config), clock);
        ServerIdentity identity = collect(problems, () -> ServerIdentity.load(config.identity(), localPki));
        DistributionPointCrls distributionPoints = new DistributionPointCrls(clock, CrlRefresh.DEFAULT);
        List<TenantTrust> tenants = collect(problems, () -> TenantTrusts.of(config.tenants(), localPki, distributionPoints));
        Set<DeviceId> denied = config.denyList().isEmpty() ? Set.of()
                : collect(problems, () -> DenyListFile.read(config.denyList().get()));
        List<TcpRoute> routes = collect(problems, () -> ListenerRoutes.of(config.listeners(), identity));
        PolicyStore policies = PolicyStore.create(clock);
        CloudTls cloudTls = identity == null ? null : collect(problems, () -> CloudTls.of(identity));
        MqttUpstream mqtt = new MqttUpstream(config.cloud().mqtt(), Optional.ofNullable(cloudTls), policies, config.state(),
                new MqttFanOut(mqttEvents));
        HttpRelays relays = cloudTls == null ? null
                : new HttpRelays(config.cloud(), config.state(), policies, localPki, cloudTls, clock);
        List<ServiceListener> services = relays == null ? List.of()
                : collect(problems, () -> ServiceListeners.of(config.listeners(), mqtt, relays));
        PolicySource policySource = new PolicySource(config.policies(), config.registry());
        LoadResult<PolicySet> policySet = policySource.load();
        problems.addAll(PolicySource.lines(policySet.problems()));
        if (!problems.isEmpty()) {
            closeQuietly(relays);
            throw new AssemblyException(List.copyOf(problems));
        }
        DenyList denyList = DenyList.of(denied);
        DeviceIdentityVerifier verifier = DeviceIdentityVerifier.builder()
                .tenants(tenants).denyList(denyList).clock(clock).build();
        try {
            policies.swap(policySet.orElseThrow());
        } catch (RuntimeException e) {
            closeQuietly(relays);
            throw new AssemblyException("policies: " + config.policies() + ": " + e.getMessage(), e);
        }
        Reloads.Enforcement enforcement = new Reloads.Enforcement(policySource.configured());
        PolicyAdmission policyAdmission = new PolicyAdmission(policies, enforcement::enforced);
        Draining draining = new Draining(policyAdmission);
        LimitsConfig limits = config.limits();
        MtlsProxy.Builder builder = MtlsProxy.builder()
                .serverIdentity(identity.key(), identity.chain())
                .verifier(verifier)
                .denyList(denyList)
                .admission(draining)
                .events(new FanOut(concat(draining, events)))
                .clock(clock)
                .handshakeTimeout(limits.handshakeTimeout())
                .idleTimeout(limits.idleTimeout())
                .maxConnections(limits.maxConnections())
                .handshakesPerSecondPerAddress(limits.handshakesPerSecondPerAddress())
                .policy(policies);
        routes.forEach(builder::route);
        services.forEach(builder::listener);
        try {
            return new Gateway(config, clock, builder.build(), draining, denyList, routes, policies, policySource,
                    policyAdmission, enforcement, distributionPoints, mqtt, relays);
        } catch (IllegalArgumentException | IllegalStateException e) {
            closeQuietly(relays);
            throw new AssemblyException(e.getMessage(), e);
        }
    }

    /** Binds every listener; if one cannot bind, none stays bound. */
    public void start() throws AssemblyException {
        if (config.listeners().stream().anyMatch(l -> l.serve().contains(ListenerConfig.Service.MQTT))) {
            try {
                mqtt.start();
            } catch (RuntimeException e) {
                throw new AssemblyException("cloud.mqtt: cannot start (" + e.getMessage() + ")", e);
            }
        }
        relays.start();
        try {
            proxy.start();
        } catch (Exception e) { // Netty rethrows a bind failure (a checked BindException) unchecked
            throw new AssemblyException("listeners: cannot bind (" + e + ")", e);
        }
        started = true;
    }

    /**
     * The MQTT broker devices' sessions go to, once started: {@code cloud.mqtt.uri}, or the
     * embedded broker on loopback; empty when no listener serves mqtt.
     */
    public Optional<CloudBroker> mqttCloud() {
        return mqtt.running().map(MqttGatewayService::cloud);
    }

    /** The update relay's image cache counters (origin fetches, hits); empty when no listener serves updates. */
    /** The update relay for {@code /status}, when a listener serves updates. */
    public Optional<io.palisade.app.admin.UpdateStatus> updateStatus() {
        return relays.updateStatus();
    }

    public Optional<io.palisade.core.update.ImageCache.Stats> imageCacheStats() {
        return relays.imageCacheStats();
    }

    /** Each listener's name and the address it is bound to (the real port when configured as 0), in config order. */
    public Map<String, InetSocketAddress> listeners() {
        return proxy.addresses();
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

    /** The policy in force (and its reload history); what {@code /explain} asks. */
    public PolicyStore policies() {
        return policies;
    }

    /** Whether fixed routes are judged by the policy: a policy directory exists (see {@link PolicyAdmission}). */
    public boolean policyEnforced() {
        return reloads.enforcement().enforced();
    }

    /**
     * Reads {@code part} again from its files and puts it in force if it is valid, or keeps the
     * one in force; never throws for a bad file. Reloads are serialised.
     */
    public ReloadOutcome reload(Reloadable part) {
        return reloads.reload(requireNonNull(part, "part"));
    }

    /** The files each part is read from, for {@link Reloader}. */
    WatchedFiles watchedFiles() {
        return WatchedFiles.of(config);
    }

    /**
     * Starts hot reload: watches the files of every part and, with {@code sighup}, reloads
     * everything on SIGHUP; every outcome goes to {@code report}.
     */
    public Reloader startReloader(java.util.function.Consumer<ReloadOutcome> report, Duration debounce, boolean sighup)
            throws java.io.IOException {
        Reloader reloader = Reloader.start(watchedFiles(), this::reload, report, debounce);
        if (sighup) {
            reloader.reloadOnSighup();
        }
        if (config.tenants().stream().anyMatch(t -> t.trust() instanceof TrustConfig.LocalCa)) {
            LocalCrlKeeper keeper = new LocalCrlKeeper(config.pkiDirectory(), clock,
                    () -> reloader.request(java.util.EnumSet.of(Reloadable.TRUST))).start();
            reloader.alsoClose(keeper);
        }
        return reloader;
    }

    /**
     * Starts fetching the CRLs of certificates' distribution points, when a tenant says
     * {@code distributionPoints: fetch} (otherwise empty): CRLs kept in {@code <state>/crl-cache}
     * are in force at once, due ones are fetched (each within {@code timeout}); every fetch goes to
     * {@code report}. Stopped with the gateway.
     */
    public synchronized Optional<CrlFetcher> startCrlFetcher(Consumer<CrlFetch> report, Duration timeout) {
        requireNonNull(report, "report");
        requireNonNull(timeout, "timeout");
        boolean fetch = config.tenants().stream()
                .anyMatch(t -> t.revocation().distributionPoints() == RevocationConfig.DistributionPoints.FETCH);
        if (!fetch || crlFetcher != null) {
            return Optional.ofNullable(crlFetcher);
        }
        crlFetcher = new CrlFetcher(distributionPoints, config.state().resolve(CrlFetcher.CACHE_DIR), timeout, report, clock)
                .start();
        return Optional.of(crlFetcher);
    }

    /** The CRL distribution points tracked, with the CRL in hand for each. */
    public List<DistributionPointCrls.Point> distributionPoints() {
        return distributionPoints.points();
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
            closeFetcher();
            proxy.close();
            closeServices();
        }
    }

    /** Admitted connections still relaying. */
    public long activeConnections() {
        return draining.active();
    }

    @Override
    public void close() {
        draining.start();
        closeFetcher();
        proxy.close();
        closeServices();
    }

    private void closeServices() {
        mqtt.close();
        relays.close();
    }

    private static void closeQuietly(HttpRelays relays) {
        if (relays != null) {
            relays.close();
        }
    }

    private void closeFetcher() {
        CrlFetcher fetcher = crlFetcher;
        if (fetcher != null) {
            fetcher.close();
        }
    }

    /** The tenant a new local CA issues for: the first tenant that trusts {@code local}, else {@code local}. */
    static String localTenant(GatewayConfig config) {
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
