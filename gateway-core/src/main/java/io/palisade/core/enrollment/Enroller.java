package io.palisade.core.enrollment;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Turns an {@link EnrollmentDecision.Approved approved} request into a certificate: the gateway's
 * local CA in standalone mode ({@link LocalCaEnroller}), or the cloud EST CA in RA mode. Issuing
 * may be remote, so it completes later; it fails with {@link EnrollmentException}.
 */
public interface Enroller {

    /** The CA certificates for EST {@code cacerts}: the issuing CA first, up to the root. */
    List<X509Certificate> caCertificates();

    /** Issues the certificate for {@code approved}. */
    CompletionStage<IssuedCertificate> issue(EnrollmentDecision.Approved approved);
}
