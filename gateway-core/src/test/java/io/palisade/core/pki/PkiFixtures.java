package io.palisade.core.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Shared bits of the PKI tests: a fixed clock, requests signed by real keys, JDK PKIX validation. */
final class PkiFixtures {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private PkiFixtures() {}

    /** DER of a PKCS#10 request for {@code keys}, signed with {@code algorithm}, with {@code subject}. */
    static byte[] csr(KeyPair keys, String subject, String algorithm) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] p256Csr(KeyPair keys) {
        return csr(keys, "CN=whatever-the-device-says,O=not-the-tenant", "SHA256withECDSA");
    }

    static KeyPair keyPair(String algorithm, Object spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (spec instanceof Integer bits) {
                g.initialize(bits);
            } else if (spec instanceof java.security.spec.AlgorithmParameterSpec params) {
                g.initialize(params);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Validates {@code leaf} + {@code intermediates} up to {@code root} with the JDK's PKIX, revocation off. */
    static PKIXCertPathValidatorResult validate(X509Certificate root, Instant at, List<X509Certificate> path)
            throws GeneralSecurityException {
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, params);
    }
}
