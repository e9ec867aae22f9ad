package io.palisade.app.gateway;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.palisade.config.LoadResult;
import io.palisade.config.gateway.GatewayConfig;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentityVerifier;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.policy.CompiledPolicies;
import io.palisade.core.policy.PolicyStore;
import io.palisade.core.policy.model.PolicySet;
import io.palisade.core.revocation.DenyList;
import io.palisade.core.revocation.DistributionPointCrls;
import io.palisade.proxy.MtlsProxy;

/**
 * The reload of each {@link Reloadable} part, for {@link Gateway#reload}: read the part's files
 * as at start, validate, then swap atomically — or keep the part in force and report why.
 *
 * <pre>
 * IDENTITY   ServerIdentity.load → not expired, key matches → MtlsProxy.reloadServerIdentity  (new handshakes)
 * TRUST      TenantTrusts.of (bundles, CRL files checked) → new verifier → MtlsProxy.reloadVerifier
 * DENY_LIST  DenyListFile.read → DenyList.replace → MtlsProxy.closeDevice for each device newly listed
 * POLICY     PolicySource.load → PolicyStore.swap (listeners re-judge live connections) | PolicyStore.reject
 * </pre>
 */
final class Reloads {

    /** Whether fixed routes are judged by the policy; follows the existence of the policy directory. */
    static final class Enforcement {
        private volatile boolean enforced;

        Enforcement(boolean enforced) {
            this.enforced = enforced;
        }

        boolean enforced() {
            return enforced;
        }
    }

    private final GatewayConfig config;
    private final Clock clock;
    private final MtlsProxy proxy;
    private final DenyList denyList;
    private final PolicyStore policies;
    private final PolicySource policySource;
    private final Enforcement enforcement;
    private final DistributionPointCrls distributionPoints;

    Reloads(GatewayConfig config, Clock clock, MtlsProxy proxy, DenyList denyList, PolicyStore policies,
            PolicySource policySource, Enforcement enforcement, DistributionPointCrls distributionPoints) {
        this.config = config;
        this.clock = clock;
        this.proxy = proxy;
        this.denyList = denyList;
        this.policies = policies;
        this.policySource = policySource;
        this.enforcement = enforcement;
        this.distributionPoints = distributionPoints;
    }

    Enforcement enforcement() {
        return enforcement;
    }

    synchronized ReloadOutcome reload(Reloadable part) {
        try {
            return switch (part) {
                case IDENTITY -> identity();
                case TRUST -> trust();
                case DENY_LIST -> denyList();
                case POLICY -> policy();
            };
        } catch (AssemblyException e) {
            return ReloadOutcome.failed(part, e.problems());
        } catch (RuntimeException e) {
            return ReloadOutcome.failed(part, List.of(part.label() + ": " + e.getMessage()));
        }
    }

    private ReloadOutcome identity() throws AssemblyException {
        ServerIdentity identity = ServerIdentity.load(config.identity(), localPki());
        X509Certificate leaf = identity.chain().get(0);
        if (!leaf.getNotAfter().toInstant().isAfter(clock.instant())) {
            throw new AssemblyException(List.of("identity: " + leaf.getSubjectX500Principal().getName() + " expired "
                    + leaf.getNotAfter().toInstant() + " (expected: a certificate valid now)"));
        }
        try {
            proxy.reloadServerIdentity(identity.key(), identity.chain());
        } catch (IllegalArgumentException e) {
            throw new AssemblyException(List.of("identity: " + e.getMessage()));
        }
        return ReloadOutcome.ok(Reloadable.IDENTITY, "identity " + leaf.getSubjectX500Principal().getName()
                + " valid until " + leaf.getNotAfter().toInstant() + " in force for new handshakes");
    }

    private ReloadOutcome trust() throws AssemblyException {
        List<TenantTrust> tenants = TenantTrusts.of(config.tenants(), localPki(), distributionPoints);
        proxy.reloadVerifier(DeviceIdentityVerifier.builder().tenants(tenants).denyList(denyList).clock(clock).build());
        int anchors = tenants.stream().mapToInt(t -> t.anchors().size()).sum();
        int crls = tenants.stream().mapToInt(t -> t.revocation().crls().size()).sum();
        return ReloadOutcome.ok(Reloadable.TRUST, tenants.size() + " tenants, " + anchors + " CA certificates, "
                + crls + " CRLs in force for new handshakes");
    }

    private ReloadOutcome denyList() throws AssemblyException {
        if (config.denyList().isEmpty()) {
            return ReloadOutcome.ok(Reloadable.DENY_LIST, "no deny list configured");
        }
        Set<DeviceId> next = DenyListFile.read(config.denyList().get());
        Set<DeviceId> before = denyList.snapshot();
        denyList.replace(next);
        Set<DeviceId> added = new HashSet<>(next);
        added.removeAll(before);
        int closed = added.stream().mapToInt(proxy::closeDevice).sum();
        long lifted = before.stream().filter(id -> !next.contains(id)).count();
        return ReloadOutcome.ok(Reloadable.DENY_LIST, next.size() + " devices denied (" + added.size() + " added, "
                + lifted + " lifted); " + closed + " connections of newly denied devices closed");
    }

    private ReloadOutcome policy() throws AssemblyException {
        boolean configured = policySource.configured();
        if (enforcement.enforced() && !configured) {
            throw new AssemblyException(List.of("policies: " + policySource.policies() + " no longer exists (expected: the"
                    + " policy directory; restart without one to run without policies)"));
        }
        LoadResult<PolicySet> loaded = policySource.load();
        if (!loaded.isLoaded()) {
            List<String> problems = PolicySource.lines(loaded.problems());
            policies.reject(policySource.policies().toString(), problems);
            throw new AssemblyException(problems);
        }
        enforcement.enforced = configured;
        CompiledPolicies current;
        try {
            current = policies.swap(loaded.orElseThrow());
        } catch (RuntimeException e) {
            throw new AssemblyException(List.of("policies: " + policySource.policies() + ": " + e.getMessage()));
        }
        return ReloadOutcome.ok(Reloadable.POLICY, "policy generation " + current.generation() + " in force: "
                + loaded.orElseThrow().policies().size() + " policies, " + current.ruleCount() + " rules, "
                + loaded.orElseThrow().registry().devices().size() + " registry devices");
    }

    private LocalPki localPki() {
        return new LocalPki(config.pkiDirectory(), Gateway.localTenant(config), clock);
    }
}
