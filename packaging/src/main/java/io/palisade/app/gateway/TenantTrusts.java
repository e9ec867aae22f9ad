package io.palisade.app.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.palisade.config.gateway.RevocationConfig;
import io.palisade.config.gateway.TenantConfig;
import io.palisade.config.gateway.TrustConfig;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.pki.LocalCa;
import io.palisade.core.pki.PemFiles;
import io.palisade.core.revocation.CrlChecks;
import io.palisade.core.revocation.DistributionPointCrls;
import io.palisade.core.revocation.RevocationPolicy;
import io.palisade.core.revocation.WhenUnavailable;

/**
 * Maps {@code tenants:} onto the verifier's {@link TenantTrust}s: {@code trust: local} → the local
 * CA's root as the one anchor; {@code trust: FILE} → every certificate of the PEM bundle;
 * {@code revocation.crls} → every CRL of every file; {@code whenUnavailable} as written. A tenant
 * that trusts the local CA also gets the local CA's own {@code crl.pem}, so {@code palisade device
 * revoke} takes effect (the file is watched). A CRL issued by one of the tenant's known CAs (its
 * bundle, the local CA) must be signed by it ({@link CrlChecks}), or the tenant is refused.
 *
 * <p>{@code distributionPoints: fetch} adds the CRLs of the certificates' own distribution points
 * ({@link DistributionPointCrls}, fetched by {@link CrlFetcher}); one instance serves every tenant
 * and survives reloads, so a reload does not forget what was fetched.
 */
final class TenantTrusts {

    private TenantTrusts() {}

    static List<TenantTrust> of(List<TenantConfig> tenants, LocalPki localPki, DistributionPointCrls distributionPoints)
            throws AssemblyException {
        List<TenantTrust> trusts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            try {
                trusts.add(trust("tenants[" + i + "]", tenants.get(i), localPki, distributionPoints));
            } catch (AssemblyException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        return trusts;
    }

    private static TenantTrust trust(String path, TenantConfig tenant, LocalPki localPki,
                                     DistributionPointCrls distributionPoints) throws AssemblyException {
        RevocationConfig revocation = tenant.revocation();
        Set<X509Certificate> anchors = new HashSet<>();
        Set<X509Certificate> cas = new HashSet<>();
        Set<X509CRL> crls = new HashSet<>();
        List<String> problems = new ArrayList<>();
        try {
            if (tenant.trust() instanceof TrustConfig.Bundle bundle) {
                anchors.addAll(PemFiles.readCertificates(bundle.file()));
            } else {
                LocalCa ca = localPki.ca();
                if (!ca.tenant().equals(tenant.name())) {
                    throw new AssemblyException(List.of(path + ".trust: local (expected: a local CA for tenant '"
                            + tenant.name() + "'; the one in " + ca.directory() + " issues for tenant '" + ca.tenant() + "')"));
                }
                anchors.add(ca.authority().root());
                cas.add(ca.authority().deviceCa().certificate());
                Path localCrl = ca.directory().resolve(LocalCa.CRL);
                LocalCrlKeeper.refreshIfDue(ca, localPki.clock());
                crls.addAll(checked(path + ".trust: local: ", localCrl, anchorsAnd(anchors, cas), problems));
            }
            for (Path file : revocation.crls()) {
                crls.addAll(checked(path + ".revocation.crls: ", file, anchorsAnd(anchors, cas), problems));
            }
        } catch (IOException e) {
            throw new AssemblyException(path + ": " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        WhenUnavailable whenUnavailable = revocation.whenUnavailable() == RevocationConfig.WhenUnavailable.ALLOW
                ? WhenUnavailable.ALLOW : WhenUnavailable.DENY;
        boolean fetch = revocation.distributionPoints() == RevocationConfig.DistributionPoints.FETCH;
        return new TenantTrust(tenant.name(), anchors, new RevocationPolicy(crls, whenUnavailable,
                fetch ? Optional.of(distributionPoints) : Optional.empty()));
    }

    private static List<X509CRL> checked(String path, Path file, Set<X509Certificate> cas, List<String> problems)
            throws IOException {
        List<X509CRL> crls = PemFiles.readCrls(file);
        for (X509CRL crl : crls) {
            CrlChecks.problem(crl, cas).ifPresent(p -> problems.add(path + file + ": " + p
                    + " (expected: a CRL signed by the CA it names)"));
        }
        return crls;
    }

    private static Set<X509Certificate> anchorsAnd(Set<X509Certificate> anchors, Set<X509Certificate> cas) {
        Set<X509Certificate> all = new HashSet<>(anchors);
        all.addAll(cas);
        return all;
    }
}
