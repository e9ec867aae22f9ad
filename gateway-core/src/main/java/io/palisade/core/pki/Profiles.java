package io.palisade.core.pki;

import io.palisade.core.pki.CertificateSigner.Issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The certificate profiles of Palisade's CA: which extensions a CA certificate and an end-entity
 * certificate carry, and the two CA certificates themselves.
 */
final class Profiles {

    private Profiles() {}

    static CertifiedKey root(String tenant, Instant now) {
        Names.checkLabel("tenant", tenant, Names.MAX_TENANT);
        KeyPair keys = KeyPairs.p256();
        X500Name name = Names.root(tenant);
        X509Certificate cert = CertificateSigner.sign(Issuer.selfSigned(name, keys.getPublic(), keys.getPrivate()),
                name, keys.getPublic(), now.minus(CertificateAuthority.BACKDATE),
                now.plus(CertificateAuthority.ROOT_LIFETIME), ca(null));
        return new CertifiedKey(cert, keys.getPrivate());
    }

    static CertifiedKey deviceCa(CertifiedKey root, Instant now) {
        Issuer rootIssuer = Issuer.of(root);
        KeyPair keys = KeyPairs.p256();
        X509Certificate cert = CertificateSigner.sign(rootIssuer, Names.deviceCa(Names.organization(rootIssuer.name())),
                keys.getPublic(), now.minus(CertificateAuthority.BACKDATE),
                notAfter(root.certificate(), now.plus(CertificateAuthority.DEVICE_CA_LIFETIME)), ca(0));
        return new CertifiedKey(cert, keys.getPrivate());
    }

    /** {@code wanted}, or the issuer's notAfter if that comes first: no certificate outlives its issuer. */
    static Instant notAfter(X509Certificate issuer, Instant wanted) {
        Instant issuerEnd = issuer.getNotAfter().toInstant();
        return wanted.isAfter(issuerEnd) ? issuerEnd : wanted;
    }

    /** digitalSignature (ECDSA, and RSA signatures); RSA keys also keyEncipherment for RSA key exchange. */
    static int usageFor(PublicKey key) {
        return "RSA".equals(key.getAlgorithm()) ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
    }

    /** basicConstraints CA (critical, with pathLen unless null), keyUsage keyCertSign + cRLSign (critical). */
    static List<Extension> ca(Integer pathLen) {
        try {
            return List.of(CertificateSigner.basicConstraints(true, pathLen),
                    CertificateSigner.keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** basicConstraints CA=false (critical), keyUsage {@code usage} (critical), the extended key usages. */
    static List<Extension> endEntity(int usage, KeyPurposeId... purposes) {
        try {
            return List.of(CertificateSigner.basicConstraints(false, null), CertificateSigner.keyUsage(usage),
                    CertificateSigner.extendedKeyUsage(purposes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
