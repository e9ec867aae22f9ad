package io.palisade.adapters.est;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.palisade.core.enrollment.EnrollmentDecision;
import io.palisade.core.enrollment.Enroller;
import io.palisade.core.enrollment.IssuedCertificate;

/**
 * Who signs what the {@link EstRelay} approved: the gateway's local CA in standalone mode
 * ({@link #local}), or the cloud EST CA in RA mode ({@link RaEnroller}), which needs the device's
 * request exactly as the device signed it to forward it. Fails with
 * {@link io.palisade.core.enrollment.EnrollmentException}.
 */
public interface CertificateIssuer {

    /** The CA certificates for EST {@code cacerts}: the issuing CA first, up to the root. */
    List<X509Certificate> caCertificates();

    /**
     * Issues the certificate for {@code approved}; {@code request} is the device's PKCS#10 request
     * (DER) that the rules approved.
     */
    CompletionStage<IssuedCertificate> issue(EnrollmentDecision.Approved approved, byte[] request);

    /** Standalone mode: {@code enroller} (e.g. a {@link io.palisade.core.enrollment.LocalCaEnroller}) signs. */
    static CertificateIssuer local(Enroller enroller) {
        requireNonNull(enroller, "enroller");
        return new CertificateIssuer() {
            @Override
            public List<X509Certificate> caCertificates() {
                return enroller.caCertificates();
            }

            @Override
            public CompletionStage<IssuedCertificate> issue(EnrollmentDecision.Approved approved, byte[] request) {
                return enroller.issue(approved);
            }

            @Override
            public String toString() {
                return "local " + enroller;
            }
        };
    }
}
