package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A {@link CertificateAuthority} kept in a directory, for a gateway that runs without a cloud CA
 * and for {@code palisade pki init} / {@code palisade device issue}:
 *
 * <pre>
 * root.crt         the tenant's root (trust anchor)          root.key        its key (0600)
 * devices-ca.crt   the device-issuing intermediate           devices-ca.key  its key (0600)
 * ca-chain.pem     devices-ca.crt + root.crt                 crl.pem         the current CRL
 * revoked.txt      one line per revocation: serial-hex reason epoch-seconds
 * </pre>
 *
 * {@link #load} does not read {@code root.key}: the root key is needed only to make a new device
 * CA, so an operator may move it offline. Revocations are recorded and a new CRL written before
 * {@link #revoke} returns. Every file is replaced atomically.
 */
public final class LocalCa {

    public static final String ROOT_CERT = "root.crt";
    public static final String ROOT_KEY = "root.key";
    public static final String DEVICE_CA_CERT = "devices-ca.crt";
    public static final String DEVICE_CA_KEY = "devices-ca.key";
    public static final String CHAIN = "ca-chain.pem";
    public static final String CRL = "crl.pem";
    public static final String REVOKED = "revoked.txt";

    private final Path dir;
    private final CertificateAuthority authority;

    private LocalCa(Path dir, CertificateAuthority authority) {
        this.dir = dir;
        this.authority = authority;
    }

    /**
     * Creates a new CA for {@code tenant} in {@code dir} (made mode 0700 if absent) and publishes its
     * first CRL. Refuses a directory that already holds anything.
     */
    public static LocalCa init(Path dir, String tenant, Clock clock) throws IOException {
        requireNonNull(dir, "dir");
        requireNonNull(clock, "clock");
        Names.checkLabel("tenant", tenant, Names.MAX_TENANT);
        if (Files.exists(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    throw new PkiFileException(dir + ": not empty (expected: an absent or empty directory for a new CA)");
                }
            }
        } else {
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        CertifiedKey root = CertificateAuthority.createRoot(tenant, clock);
        CertifiedKey deviceCa = CertificateAuthority.createDeviceCa(root, clock);
        PemFiles.writePrivateKey(dir.resolve(ROOT_KEY), root.privateKey());
        PemFiles.writePrivateKey(dir.resolve(DEVICE_CA_KEY), deviceCa.privateKey());
        PemFiles.writeCertificates(dir.resolve(ROOT_CERT), List.of(root.certificate()));
        PemFiles.writeCertificates(dir.resolve(DEVICE_CA_CERT), List.of(deviceCa.certificate()));
        LocalCa ca = new LocalCa(dir, CertificateAuthority.of(root.certificate(), deviceCa, clock));
        PemFiles.writeCertificates(dir.resolve(CHAIN), ca.authority.chain());
        RevocationFile.write(dir.resolve(REVOKED), List.of());
        ca.publishCrl();
        return ca;
    }

    /** Loads the CA in {@code dir}, checking that its files fit together. */
    public static LocalCa load(Path dir, Clock clock) throws IOException {
        requireNonNull(dir, "dir");
        requireNonNull(clock, "clock");
        X509Certificate root = PemFiles.readCertificate(dir.resolve(ROOT_CERT));
        X509Certificate deviceCaCert = PemFiles.readCertificate(dir.resolve(DEVICE_CA_CERT));
        CertifiedKey deviceCa;
        try {
            deviceCa = new CertifiedKey(deviceCaCert, PemFiles.readPrivateKey(dir.resolve(DEVICE_CA_KEY)));
        } catch (IllegalArgumentException e) {
            throw new PkiFileException(dir.resolve(DEVICE_CA_KEY) + ": not the key of " + dir.resolve(DEVICE_CA_CERT)
                    + " (expected: the device CA's private key)", e);
        }
        List<Revocation> revoked = RevocationFile.read(dir.resolve(REVOKED));
        Path crlFile = dir.resolve(CRL);
        X509CRL crl = PemFiles.readCrl(crlFile);
        try {
            crl.verify(deviceCaCert.getPublicKey());
        } catch (Exception e) {
            throw new PkiFileException(crlFile + ": not signed by " + dir.resolve(DEVICE_CA_CERT)
                    + " (expected: a CRL of this CA)", e);
        }
        try {
            return new LocalCa(dir, CertificateAuthority.of(root, deviceCa, revoked, crlNumber(crl, crlFile), clock));
        } catch (IllegalArgumentException e) {
            throw new PkiFileException(dir.resolve(DEVICE_CA_CERT) + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    public CertificateAuthority authority() {
        return authority;
    }

    public String tenant() {
        return authority.tenant();
    }

    /** Revokes {@code serial}, records it in {@code revoked.txt} and writes a new {@code crl.pem}. */
    public synchronized boolean revoke(BigInteger serial, CRLReason reason) throws IOException {
        if (!authority.revoke(serial, reason)) {
            return false;
        }
        RevocationFile.write(dir.resolve(REVOKED), authority.revocations());
        publishCrl();
        return true;
    }

    /** Publishes a new CRL (valid {@link CertificateAuthority#DEFAULT_CRL_VALIDITY}) and writes it to {@code crl.pem}. */
    public synchronized X509CRL publishCrl() throws IOException {
        X509CRL crl = authority.publishCrl();
        PemFiles.writeCrl(dir.resolve(CRL), crl);
        return crl;
    }

    private static BigInteger crlNumber(X509CRL crl, Path file) throws PkiFileException {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (ext == null) {
            throw new PkiFileException(file + ": no CRL number (expected: a CRL published by a Palisade CA)");
        }
        try {
            return CRLNumber.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getCRLNumber();
        } catch (RuntimeException e) {
            throw new PkiFileException(file + ": malformed CRL number (expected: INTEGER)", e);
        }
    }
}
