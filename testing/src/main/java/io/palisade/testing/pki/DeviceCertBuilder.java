package io.palisade.testing.pki;

import static java.util.Objects.requireNonNull;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.CertificateBuilder.ExtendedKeyUsage;
import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Builds a device certificate. Untouched, it builds a good one, as Palisade's CA would issue it:
 * a fresh ECDSA P-256 key; subject {@code CN=<device id>, OU=<product>, O=<tenant>}; valid from
 * {@link TestPki#now()} for {@link #DEFAULT_LIFETIME}; a positive random serial; basicConstraints
 * CA=false and keyUsage digitalSignature (both critical); extendedKeyUsage clientAuth; subject and
 * authority key identifiers; issued by the tenant's device intermediate. Each other method makes
 * one thing wrong or different, so that a test says exactly which defect it is about.
 */
public final class DeviceCertBuilder {

    /** How long a device certificate lives unless told otherwise (DESIGN.md: 7 days). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    /** The product (subject OU) when none is given. */
    public static final String DEFAULT_PRODUCT = "sensor";

    private record RawExtension(String oid, boolean critical, byte[] derValue) {}

    private final TestPki pki;
    private HeldCert issuer;
    private String tenant;
    private String product = DEFAULT_PRODUCT;
    private String commonName;
    private KeyPair keyPair;
    private Instant validFrom;
    private Instant validUntil;
    private BigInteger serial;
    private boolean caFlag;
    private List<KeyUsage> keyUsages = List.of(KeyUsage.digitalSignature);
    private List<ExtendedKeyUsage> extendedKeyUsages = List.of(ExtendedKeyUsage.PKIX_KP_CLIENT_AUTH);
    private final List<RawExtension> extensions = new ArrayList<>();

    DeviceCertBuilder(TestPki pki) {
        this.pki = pki;
        this.issuer = pki.intermediate();
        this.tenant = pki.tenant();
    }

    /** The subject OU: the kind of device. */
    public DeviceCertBuilder product(String product) {
        this.product = requireNonNull(product, "product");
        return this;
    }

    /** The subject O; defaults to the PKI's tenant. Another value makes a cross-tenant certificate. */
    public DeviceCertBuilder tenant(String tenant) {
        this.tenant = requireNonNull(tenant, "tenant");
        return this;
    }

    /** Overrides the subject CN, which otherwise is the key's device id: a mis-bound identity. */
    public DeviceCertBuilder commonName(String commonName) {
        this.commonName = requireNonNull(commonName, "commonName");
        return this;
    }

    /** A fresh RSA key of {@code bits} bits instead of P-256. */
    public DeviceCertBuilder rsa(int bits) {
        this.keyPair = Pkix.rsaKeyPair(bits);
        return this;
    }

    /** A fresh EC key on the named curve (e.g. {@code "secp384r1"}) instead of P-256. */
    public DeviceCertBuilder ec(String curve) {
        this.keyPair = Pkix.ecKeyPair(curve);
        return this;
    }

    /** Certifies the given key (e.g. one the device generated, or one already used elsewhere). */
    public DeviceCertBuilder keyPair(KeyPair keyPair) {
        this.keyPair = requireNonNull(keyPair, "keyPair");
        return this;
    }

    public DeviceCertBuilder validFrom(Instant validFrom) {
        this.validFrom = requireNonNull(validFrom, "validFrom");
        return this;
    }

    public DeviceCertBuilder validUntil(Instant validUntil) {
        this.validUntil = requireNonNull(validUntil, "validUntil");
        return this;
    }

    /** Valid from now − 8 days until now − 1 day: expired a day ago. */
    public DeviceCertBuilder expired() {
        return validFrom(pki.now().minus(Duration.ofDays(8))).validUntil(pki.now().minus(Duration.ofDays(1)));
    }

    /** Valid from now + 1 day until now + 8 days: not valid for another day. */
    public DeviceCertBuilder notYetValid() {
        return validFrom(pki.now().plus(Duration.ofDays(1))).validUntil(pki.now().plus(Duration.ofDays(8)));
    }

    public DeviceCertBuilder serial(BigInteger serial) {
        requireNonNull(serial, "serial");
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("serial: " + serial + " (expected: > 0)");
        }
        this.serial = serial;
        return this;
    }

    /** Marks the leaf as a CA (basicConstraints CA=true, critical): a device that could issue certificates. */
    public DeviceCertBuilder caFlag() {
        this.caFlag = true;
        return this;
    }

    /** Replaces the key usages (critical); none given means no keyUsage extension at all. */
    public DeviceCertBuilder keyUsage(KeyUsage... usages) {
        this.keyUsages = List.of(usages);
        return this;
    }

    /** Replaces the extended key usages; none given means no extendedKeyUsage extension at all. */
    public DeviceCertBuilder extendedKeyUsage(ExtendedKeyUsage... usages) {
        this.extendedKeyUsages = List.of(usages);
        return this;
    }

    /**
     * Adds an extension with the given OID and DER-encoded value (the contents of extnValue), e.g.
     * the attestation extension: {@code extension(AttestationExtension.OID.getId(), false,
     * AttestationExtension.encode(...))}.
     */
    public DeviceCertBuilder extension(String oid, boolean critical, byte[] derValue) {
        extensions.add(new RawExtension(requireNonNull(oid, "oid"), critical,
                requireNonNull(derValue, "derValue").clone()));
        return this;
    }

    /** Who signs; defaults to {@link TestPki#intermediate()}. A foreign PKI's CA makes a rogue device. */
    public DeviceCertBuilder issuedBy(HeldCert issuer) {
        this.issuer = requireNonNull(issuer, "issuer");
        return this;
    }

    public HeldCert build() {
        KeyPair keys = keyPair != null ? keyPair : Pkix.ecKeyPair("secp256r1");
        Instant from = Pkix.seconds(validFrom != null ? validFrom : pki.now());
        Instant until = Pkix.seconds(validUntil != null ? validUntil : from.plus(DEFAULT_LIFETIME));
        if (!until.isAfter(from)) {
            throw new IllegalStateException("validUntil: " + until + " (expected: after validFrom " + from + ")");
        }
        String cn = commonName != null ? commonName : Pkix.deviceId(keys.getPublic());
        X500Principal subject = Pkix.name("O", tenant, "OU", product, "CN", cn);
        CertificateBuilder builder = new CertificateBuilder()
                .subject(subject).keyPair(keys).notBefore(from).notAfter(until)
                .serial(serial != null ? serial : Pkix.serial());
        if (caFlag) {
            builder.setIsCertificateAuthority(true);
        } else {
            builder.addExtensionOctetString(Extension.basicConstraints.getId(), true, basicConstraintsLeaf());
        }
        if (!keyUsages.isEmpty()) {
            builder.setKeyUsage(true, keyUsages.toArray(new KeyUsage[0]));
        }
        extendedKeyUsages.forEach(builder::addExtendedKeyUsage);
        Pkix.keyIdentifiers(builder, keys.getPublic(), issuer.certificate().getPublicKey());
        extensions.forEach(e -> builder.addExtensionOctetString(e.oid(), e.critical(), e.derValue()));
        try {
            return new HeldCert(builder.buildIssuedBy(issuer.bundle()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue device certificate " + subject.getName(), e);
        }
    }

    private static byte[] basicConstraintsLeaf() {
        try {
            return new BasicConstraints(false).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
