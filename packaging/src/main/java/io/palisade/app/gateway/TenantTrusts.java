package io.palisade.app.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.palisade.config.gateway.RevocationConfig;
import io.palisade.config.gateway.TenantConfig;
import io.palisade.config.gateway.TrustConfig;
import io.palisade.core.identity.TenantTrust;
import io.palisade.core.pki.LocalCa;
import io.palisade.core.pki.PemFiles;
import io.palisade.core.revocation.RevocationPolicy;
import io.palisade.core.revocation.WhenUnavailable;

/**
 * Maps {@code tenants:} onto the verifier's {@link TenantTrust}s: {@code trust: local} → the local
 * CA's root as the one anchor; {@code trust: FILE} → every certificate of the PEM bundle;
 * {@code revocation.crls} → every CRL of every file; {@code whenUnavailable} as written.
 *
 * <p>{@code distributionPoints: fetch} is refused: this build does not fetch CRLs, and checking
 * less than the operator asked for would let revoked devices in.
 */
final class TenantTrusts {

    private TenantTrusts() {}

    static List<TenantTrust> of(List<TenantConfig> tenants, LocalPki localPki) throws AssemblyException {
        List<TenantTrust> trusts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            try {
                trusts.add(trust("tenants[" + i + "]", tenants.get(i), localPki));
            } catch (AssemblyException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        return trusts;
    }

    private static TenantTrust trust(String path, TenantConfig tenant, LocalPki localPki) throws AssemblyException {
        RevocationConfig revocation = tenant.revocation();
        if (revocation.distributionPoints() == RevocationConfig.DistributionPoints.FETCH) {
            throw new AssemblyException(List.of(path + ".revocation.distributionPoints: fetch"
                    + " (expected: ignore, with the CRLs as files; this build does not fetch CRLs)"));
        }
        Set<X509Certificate> anchors = new HashSet<>();
        Set<X509CRL> crls = new HashSet<>();
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
            }
            for (Path file : revocation.crls()) {
                crls.addAll(PemFiles.readCrls(file));
            }
        } catch (IOException e) {
            throw new AssemblyException(path + ": " + e.getMessage(), e);
        }
        WhenUnavailable whenUnavailable = revocation.whenUnavailable() == RevocationConfig.WhenUnavailable.ALLOW
                ? WhenUnavailable.ALLOW : WhenUnavailable.DENY;
        return new TenantTrust(tenant.name(), anchors, new RevocationPolicy(crls, whenUnavailable));
    }
}
