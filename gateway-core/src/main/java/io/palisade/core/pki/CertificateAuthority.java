package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import io.palisade.core.identity.AttestationExtension;
import io.palisade.core.identity.DeviceId;
import io.palisade.core.pki.CertificateSigner.Issuer;
import io.palisade.core.pki.CsrRejectedException.Reason;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.PublicKey;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A tenant's certificate authority: a root that signs one device-issuing intermediate (the
 * "device CA", {@code pathLen 0}), which signs every end-entity certificate and the CRL.
 *
 * <p>Device certificates name the device by its key: the subject CN is {@link DeviceId#of} the
 * certified key, computed here, whatever a request's subject says. O is the tenant, OU the
 * product. They are short-lived (7 days by default), clientAuth only, and may carry the
 * attestation the device made ({@link AttestationExtension}). The gateway's own certificates are
 * issued here too: a server certificate (serverAuth, with DNS and IP SANs) for devices to connect
 * to, and a client certificate (clientAuth) for the gateway to present to the cloud.
 *
 * <p>Every certificate starts {@link #BACKDATE} before now, so that a device whose clock is a
 * little behind accepts it, and never outlives its issuer. Time comes from the injected clock.
 * Issuing is thread-safe; revocation and CRL publication are serialised.
 */
public final class CertificateAuthority {

    public static final Duration ROOT_LIFETIME = Duration.ofDays(3653);
    public static final Duration DEVICE_CA_LIFETIME = Duration.ofDays(1826);
    public static final Duration BACKDATE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_ENDPOINT_LIFETIME = Duration.ofDays(90);
    public static final Duration DEFAULT_CRL_VALIDITY = Duration.ofDays(1);

    private final X509Certificate root;
    private final CertifiedKey deviceCa;
    private final Issuer issuer;
    private final String tenant;
    private final Clock clock;
    private final Map<BigInteger, Revocation> revoked = new TreeMap<>();
    private BigInteger crlNumber;

    private CertificateAuthority(X509Certificate root, CertifiedKey deviceCa, Collection<Revocation> revoked,
                                 BigInteger lastCrlNumber, Clock clock) {
        this.root = requireNonNull(root, "root");
        this.deviceCa = requireNonNull(deviceCa, "deviceCa");
        this.clock = requireNonNull(clock, "clock");
        this.crlNumber = requireNonNull(lastCrlNumber, "lastCrlNumber");
        if (lastCrlNumber.signum() < 0) {
            throw new IllegalArgumentException("lastCrlNumber: " + lastCrlNumber + " (expected: >= 0)");
        }
        try {
            deviceCa.certificate().verify(root.getPublicKey());
        } catch (Exception e) {
            throw new IllegalArgumentException("deviceCa: " + deviceCa.certificate().getSubjectX500Principal()
                    + " (expected: a certificate signed by the root " + root.getSubjectX500Principal() + ")", e);
        }
        this.issuer = Issuer.of(deviceCa);
        this.tenant = Names.organization(issuer.name());
        requireNonNull(revoked, "revoked").forEach(r -> this.revoked.putIfAbsent(r.serial(), r));
    }

    /** A new CA for {@code tenant}; the root's private key is dropped (see {@link #createRoot} to keep it). */
    public static CertificateAuthority create(String tenant, Clock clock) {
        CertifiedKey root = createRoot(tenant, clock);
        return of(root.certificate(), createDeviceCa(root, clock), clock);
    }

    /** A CA over an existing root and device CA, with nothing revoked and no CRL published yet. */
    public static CertificateAuthority of(X509Certificate root, CertifiedKey deviceCa, Clock clock) {
        return new CertificateAuthority(root, deviceCa, List.of(), BigInteger.ZERO, clock);
    }

    /** A CA restored from storage: its revocations and the number of the last CRL it published. */
    public static CertificateAuthority of(X509Certificate root, CertifiedKey deviceCa, Collection<Revocation> revoked,
                                          BigInteger lastCrlNumber, Clock clock) {
        return new CertificateAuthority(root, deviceCa, revoked, lastCrlNumber, clock);
    }

    /** A self-signed root for {@code tenant}: {@code CN=<tenant> Palisade Root CA, O=<tenant>}, P-256, 10 years. */
    public static CertifiedKey createRoot(String tenant, Clock clock) {
        return Profiles.root(tenant, clock.instant());
    }

    /** The device-issuing intermediate under {@code root}: {@code CN=<tenant> Palisade Device CA}, pathLen 0, 5 years. */
    public static CertifiedKey createDeviceCa(CertifiedKey root, Clock clock) {
        return Profiles.deviceCa(requireNonNull(root, "root"), clock.instant());
    }

    public String tenant() {
        return tenant;
    }

    public X509Certificate root() {
        return root;
    }

    /** The intermediate that signs devices, gateway certificates and CRLs, with its key. */
    public CertifiedKey deviceCa() {
        return deviceCa;
    }

    /** The chain above an issued certificate: device CA, then root. */
    public List<X509Certificate> chain() {
        return List.of(deviceCa.certificate(), root);
    }

    /**
     * A device certificate for {@code deviceKey}: {@code CN=<DeviceId.of(deviceKey)>, O=<tenant>,
     * OU=<product>}, clientAuth, digitalSignature, not a CA.
     *
     * @throws IllegalArgumentException if the key is not EC P-256 or P-384
     */
    public X509Certificate issueDevice(PublicKey deviceKey, DeviceProfile profile) {
        requireNonNull(deviceKey, "deviceKey");
        requireNonNull(profile, "profile");
        if (!KeyAlgorithms.isDeviceKey(deviceKey)) {
            throw new IllegalArgumentException("deviceKey: " + deviceKey.getAlgorithm() + " (expected: EC P-256 or P-384)");
        }
        List<Extension> extensions = new ArrayList<>(Profiles.endEntity(KeyUsage.digitalSignature,
                KeyPurposeId.id_kp_clientAuth));
        profile.attestation().ifPresent(claims -> extensions.add(new Extension(AttestationExtension.OID, false,
                new DEROctetString(AttestationExtension.encode(claims)))));
        return signEndEntity(Names.device(DeviceId.of(deviceKey), tenant, profile.product()), deviceKey,
                profile.lifetime(), extensions);
    }

    /**
     * A device certificate for the key of a checked request; the request's subject is ignored.
     *
     * @throws CsrRejectedException {@link Reason#UNSUPPORTED_KEY} if the key is not EC P-256 or P-384
     */
    public X509Certificate issueDevice(Csr csr, DeviceProfile profile) throws CsrRejectedException {
        requireNonNull(csr, "csr");
        if (!KeyAlgorithms.isDeviceKey(csr.publicKey())) {
            throw new CsrRejectedException(Reason.UNSUPPORTED_KEY,
                    csr.publicKey().getAlgorithm() + " key (expected: EC P-256 or P-384 for a device)");
        }
        return issueDevice(csr.publicKey(), profile);
    }

    /** The gateway's server certificate, valid {@link #DEFAULT_ENDPOINT_LIFETIME}. */
    public X509Certificate issueServer(PublicKey key, List<String> dnsNames, List<InetAddress> ipAddresses) {
        return issueServer(key, dnsNames, ipAddresses, DEFAULT_ENDPOINT_LIFETIME);
    }

    /**
     * The gateway's certificate: serverAuth (devices connect to it) and clientAuth (it connects to
     * the cloud broker and upstreams with the same identity, as the gateway.yaml {@code identity}
     * does), the given DNS names and IP addresses as SANs (at least one),
     * {@code CN=<first DNS name or address>, O=<tenant>}. As a device it is refused: its CN is
     * not the hash of its key.
     */
    public X509Certificate issueServer(PublicKey key, List<String> dnsNames, List<InetAddress> ipAddresses,
                                       Duration lifetime) {
        SubjectAltNames sans = SubjectAltNames.of(dnsNames, ipAddresses);
        List<Extension> extensions = new ArrayList<>(Profiles.endEntity(Profiles.usageFor(key),
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth));
        extensions.add(sans.extension());
        return signEndEntity(Names.endpoint(tenant, sans.commonName()), key, lifetime, extensions);
    }

    /** The gateway's client certificate for the cloud, valid {@link #DEFAULT_ENDPOINT_LIFETIME}. */
    public X509Certificate issueClient(PublicKey key, String commonName) {
        return issueClient(key, commonName, DEFAULT_ENDPOINT_LIFETIME);
    }

    /** The gateway's client certificate for the cloud: clientAuth, {@code CN=<commonName>, O=<tenant>}. */
    public X509Certificate issueClient(PublicKey key, String commonName, Duration lifetime) {
        requireNonNull(commonName, "commonName");
        return signEndEntity(Names.endpoint(tenant, commonName), key, lifetime,
                Profiles.endEntity(Profiles.usageFor(key), KeyPurposeId.id_kp_clientAuth));
    }

    /**
     * Revokes the certificate with {@code serial} as of now; it is listed in every CRL published
     * from now on. Returns {@code false} if it was already revoked (the first revocation stands).
     */
    public synchronized boolean revoke(BigInteger serial, CRLReason reason) {
        Revocation revocation = new Revocation(serial, reason, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        return revoked.putIfAbsent(serial, revocation) == null;
    }

    /** Every revocation, by serial number. */
    public synchronized List<Revocation> revocations() {
        return List.copyOf(revoked.values());
    }

    /** The number of the last CRL published (0 before the first). */
    public synchronized BigInteger lastCrlNumber() {
        return crlNumber;
    }

    /** A CRL valid from now for {@link #DEFAULT_CRL_VALIDITY}. */
    public X509CRL publishCrl() {
        return publishCrl(DEFAULT_CRL_VALIDITY);
    }

    /** A new CRL, numbered one above the last, signed by the device CA: thisUpdate now, nextUpdate now + {@code validity}. */
    public synchronized X509CRL publishCrl(Duration validity) {
        requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: " + validity + " (expected: > 0)");
        }
        Instant now = clock.instant();
        X509CRL crl = CrlSigner.sign(issuer, crlNumber.add(BigInteger.ONE), now, now.plus(validity), revoked.values());
        crlNumber = crlNumber.add(BigInteger.ONE);
        return crl;
    }

    private X509Certificate signEndEntity(X500Name subject, PublicKey key, Duration lifetime, List<Extension> extensions) {
        requireNonNull(key, "key");
        requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime: " + lifetime + " (expected: > 0)");
        }
        KeyAlgorithms.unsupported(key).ifPresent(why -> {
            throw new IllegalArgumentException("key: " + why);
        });
        Instant now = clock.instant();
        return CertificateSigner.sign(issuer, subject, key, now.minus(BACKDATE),
                Profiles.notAfter(deviceCa.certificate(), now.plus(lifetime)), extensions);
    }

}
