package io.palisade.core.enrollment;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.CsrRejectedException;

/**
 * Standalone mode: the gateway's own {@link CertificateAuthority} signs. The certificate names the
 * device by the requested key (CN), the CA's tenant (O) and the product the requester's
 * certificate carried (OU), and holds the attestation the rules verified. Requesters of another
 * tenant are refused: this CA does not issue for them. Issuing happens at once, on the caller.
 */
public final class LocalCaEnroller implements Enroller {

    private final CertificateAuthority ca;

    public LocalCaEnroller(CertificateAuthority ca) {
        this.ca = requireNonNull(ca, "ca");
    }

    @Override
    public List<X509Certificate> caCertificates() {
        return ca.chain();
    }

    @Override
    public CompletionStage<IssuedCertificate> issue(EnrollmentDecision.Approved approved) {
        requireNonNull(approved, "approved");
        if (!approved.requester().tenant().equals(ca.tenant())) {
            return CompletableFuture.failedFuture(new EnrollmentException(EnrollmentRefusal.WRONG_TENANT,
                    "device " + approved.requester().id() + " of tenant " + approved.requester().tenant()
                            + " (expected: " + ca.tenant() + ", the tenant of the local CA)"));
        }
        try {
            return CompletableFuture.completedFuture(
                    new IssuedCertificate(ca.issueDevice(approved.csr(), approved.profile()), ca.chain()));
        } catch (CsrRejectedException e) {
            return CompletableFuture.failedFuture(new EnrollmentException(EnrollmentRefusal.of(e.reason()), e.getMessage(), e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new EnrollmentException(EnrollmentRefusal.ISSUANCE_FAILED,
                    "local CA failed for " + approved.deviceId() + ": " + e, e));
        }
    }
}
