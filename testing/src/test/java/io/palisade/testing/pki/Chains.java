package io.palisade.testing.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** The JDK's own PKIX validator, as an outside judge of what the test PKI makes. */
final class Chains {

    private Chains() {}

    /** Validates {@code leaf}'s chain up to {@code root} at {@code at}; revocation off unless CRLs are given. */
    static void validate(HeldCert leaf, HeldCert root, Instant at, X509CRL... crls) throws GeneralSecurityException {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root.certificate(), null)));
        parameters.setDate(Date.from(at));
        parameters.setRevocationEnabled(crls.length > 0);
        if (crls.length > 0) {
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crls))));
        }
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(leaf.chain()), parameters);
    }
}
