package io.palisade.core.enrollment;

import io.palisade.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import io.palisade.core.identity.AttestationExtension;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.identity.DeviceIdentity;
import io.palisade.core.pki.CertificateAuthority;
import io.palisade.core.pki.DeviceProfile;

/** A tenant CA, devices holding its certificates, requests signed by real keys, a clock moved by hand. */
final class EnrollmentFixtures {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String TENANT = "acme";
    static final String THERMOSTAT = "acme-thermostat";

    private EnrollmentFixtures() {}

    static KeyPair ec() {
        return keys("EC", 0);
    }

    static KeyPair keys(String algorithm, int rsaBits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(rsaBits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity the TLS handshake would establish for the holder of {@code key} with a certificate from {@code ca}. */
    static DeviceIdentity identity(CertificateAuthority ca, PublicKey key, String product) {
        X509Certificate cert = ca.issueDevice(key, DeviceProfile.of(product));
        return new DeviceIdentity(DeviceId.of(key), ca.tenant(), Optional.of(product),
                List.of(cert, ca.deviceCa().certificate(), ca.root()), cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(), AttestationExtension.of(cert));
    }

    /** DER of a PKCS#10 request for {@code keys} with {@code subject} (RFC 4514 text, may be empty). */
    static byte[] csr(KeyPair keys, String subject) {
        try {
            String alg = keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                    .build(new JcaContentSignerBuilder(alg).build(keys.getPrivate())).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

}
