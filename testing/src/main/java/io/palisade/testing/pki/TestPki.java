package io.palisade.testing.pki;

import static java.util.Objects.requireNonNull;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One tenant's PKI for tests, in memory: a self-signed root and, under it, the device-issuing
 * intermediate, both ECDSA P-256 and valid from a day before {@link #now()} for years. Devices,
 * extra CAs and CRLs are made on demand. Everything is relative to the injected {@code now}, so a
 * test that moves its clock knows exactly which certificates it has outlived.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create("acme", clock.instant());
 * HeldCert good = pki.device().product("thermostat").build();
 * HeldCert expired = pki.device().expired().build();
 * HeldCert rogue = TestPki.create("rogue").device().build();  // a foreign CA
 * }</pre>
 *
 * <p>Built on netty-pkitesting and BouncyCastle only, never on Palisade's own CA code, so that
 * each checks the other.
 */
public final class TestPki {

    static final Duration CA_BACKDATE = Duration.ofDays(1);
    static final Duration ROOT_LIFETIME = Duration.ofDays(3650);
    static final Duration INTERMEDIATE_LIFETIME = Duration.ofDays(1825);

    /** The PEM files written by {@link #writeTrustTo(Path)}. */
    public record TrustFiles(Path root, Path intermediate) {}

    private final String tenant;
    private final Instant now;
    private final AtomicInteger caNumbers = new AtomicInteger(1);
    private final AtomicInteger crlNumbers = new AtomicInteger();
    private final HeldCert root;
    private final HeldCert intermediate;

    private TestPki(String tenant, Instant now) {
        this.tenant = tenant;
        this.now = now;
        KeyPair rootKeys = Pkix.ecKeyPair("secp256r1");
        CertificateBuilder rootBuilder = caTemplate(Pkix.seconds(now.minus(CA_BACKDATE)), Pkix.seconds(now.plus(ROOT_LIFETIME)));
        Pkix.keyIdentifiers(rootBuilder, rootKeys.getPublic(), rootKeys.getPublic());
        try {
            this.root = new HeldCert(Pkix.selfSigned(rootBuilder, Pkix.name("O", tenant, "CN", tenant + " Root CA"), rootKeys));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the root of tenant " + tenant, e);
        }
        this.intermediate = intermediateBuilder().commonName(tenant + " Device CA").build();
    }

    /** A PKI for {@code tenant} whose "now" is the moment of this call. */
    public static TestPki create(String tenant) {
        return create(tenant, Instant.now());
    }

    /** A PKI for {@code tenant} whose certificates are valid around {@code now}. */
    public static TestPki create(String tenant, Instant now) {
        requireNonNull(tenant, "tenant");
        requireNonNull(now, "now");
        if (tenant.isBlank()) {
            throw new IllegalArgumentException("tenant: \"" + tenant + "\" (expected: not blank)");
        }
        return new TestPki(tenant, now);
    }

    public String tenant() {
        return tenant;
    }

    public Instant now() {
        return now;
    }

    /** The self-signed trust anchor: what the gateway's client CA bundle holds. */
    public HeldCert root() {
        return root;
    }

    /** The tenant's device-issuing CA (CN {@code "<tenant> Device CA"}), signed by {@link #root()}. */
    public HeldCert intermediate() {
        return intermediate;
    }

    /** A builder for a device certificate; untouched, it builds a good one. */
    public DeviceCertBuilder device() {
        return new DeviceCertBuilder(this);
    }

    /** A builder for one more CA, under the root unless told otherwise. */
    public IntermediateBuilder intermediateBuilder() {
        return new IntermediateBuilder(this);
    }

    /**
     * A CRL from {@link #intermediate()} listing {@code revokedSerials} (reason keyCompromise) with
     * revocation date {@code thisUpdate}. A PKIX validator counts a certificate revoked only at dates
     * after its revocation date, so put {@code thisUpdate} before the instant you validate at.
     */
    public X509CRL crl(List<BigInteger> revokedSerials, Instant thisUpdate, Instant nextUpdate) {
        return crl(intermediate, revokedSerials, thisUpdate, nextUpdate);
    }

    /**
     * A CRL signed by {@code issuer} (any CA of this or another PKI), with an authority key
     * identifier and a CRL number that grows with each CRL this PKI makes.
     */
    public X509CRL crl(HeldCert issuer, List<BigInteger> revokedSerials, Instant thisUpdate, Instant nextUpdate) {
        requireNonNull(issuer, "issuer");
        requireNonNull(revokedSerials, "revokedSerials");
        Date issued = Date.from(Pkix.seconds(thisUpdate));
        X509Certificate issuerCert = issuer.certificate();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded()), issued);
        builder.setNextUpdate(Date.from(Pkix.seconds(nextUpdate)));
        revokedSerials.forEach(serial -> builder.addCRLEntry(serial, issued, CRLReason.keyCompromise));
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuerCert.getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false,
                    new CRLNumber(BigInteger.valueOf(crlNumbers.incrementAndGet())));
            return new JcaX509CRLConverter().getCRL(builder.build(
                    new JcaContentSignerBuilder(Pkix.signatureAlgorithm(issuerCert.getPublicKey()))
                            .build(issuer.privateKey())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign CRL by " + issuerCert.getSubjectX500Principal(), e);
        }
    }

    /**
     * Writes {@code root.pem} and {@code intermediate.pem} into {@code dir}, for tools that want
     * files: {@code openssl verify -CAfile root.pem -untrusted intermediate.pem device.crt}.
     */
    public TrustFiles writeTrustTo(Path dir) throws IOException {
        requireNonNull(dir, "dir");
        Path rootFile = Files.writeString(dir.resolve("root.pem"), root.certificatePem(), StandardCharsets.US_ASCII);
        Path intermediateFile = Files.writeString(dir.resolve("intermediate.pem"), intermediate.certificatePem(),
                StandardCharsets.US_ASCII);
        return new TrustFiles(rootFile, intermediateFile);
    }

    /** The certificates as concatenated PEM blocks ({@code BEGIN CERTIFICATE}), in the order given. */
    public static String pem(X509Certificate... certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(Pkix.pem("CERTIFICATE", certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("certificate: " + certificate.getSubjectX500Principal()
                        + " (expected: encodable)", e);
            }
        }
        return pem.toString();
    }

    /** The CRL as PEM ({@code BEGIN X509 CRL}). */
    public static String pem(X509CRL crl) {
        try {
            return Pkix.pem("X509 CRL", crl.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("crl: " + crl.getIssuerX500Principal() + " (expected: encodable)", e);
        }
    }

    int nextCaNumber() {
        return caNumbers.incrementAndGet();
    }

    /** A CA certificate's common part: CA=true, keyCertSign + cRLSign (critical), a random serial. */
    static CertificateBuilder caTemplate(Instant from, Instant until) {
        return new CertificateBuilder().notBefore(from).notAfter(until).serial(Pkix.serial())
                .setIsCertificateAuthority(true).setKeyUsage(true, KeyUsage.keyCertSign, KeyUsage.cRLSign);
    }
}
