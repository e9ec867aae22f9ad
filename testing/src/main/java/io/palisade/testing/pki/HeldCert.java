package io.palisade.testing.pki;

import static java.util.Objects.requireNonNull;

import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate and the key pair it certifies, with the chain a TLS peer would send: the test-side
 * twin of okhttp-tls's {@code HeldCertificate}. Made by {@link TestPki}; every value is in memory
 * until {@link #writeTo(Path, String)} puts it on disk for a process that wants files.
 */
public final class HeldCert {

    /** The files written by {@link #writeTo(Path, String)}. */
    public record PemFiles(Path certificate, Path privateKey) {}

    private final X509Bundle bundle;

    HeldCert(X509Bundle bundle) {
        this.bundle = requireNonNull(bundle, "bundle");
    }

    public X509Certificate certificate() {
        return bundle.getCertificate();
    }

    public KeyPair keyPair() {
        return bundle.getKeyPair();
    }

    public PrivateKey privateKey() {
        return bundle.getKeyPair().getPrivate();
    }

    /**
     * What a TLS peer presents: this certificate first, then each issuing intermediate, without the
     * self-signed root (the verifier already holds it). A root's chain is just the root.
     */
    public List<X509Certificate> chain() {
        return List.copyOf(bundle.getCertificatePathList());
    }

    /**
     * The device id of this certificate's key, computed here, independently of Palisade's code:
     * lowercase hex SHA-256 over the DER SubjectPublicKeyInfo (64 characters). For a good device
     * certificate it equals the subject CN.
     */
    public String deviceId() {
        return Pkix.deviceId(certificate().getPublicKey());
    }

    /** This certificate alone, as PEM. */
    public String certificatePem() {
        return TestPki.pem(certificate());
    }

    /** {@link #chain()} as concatenated PEM blocks, leaf first. */
    public String chainPem() {
        return TestPki.pem(chain().toArray(new X509Certificate[0]));
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public String privateKeyPem() {
        return Pkix.pem("PRIVATE KEY", privateKey().getEncoded());
    }

    /** The same certificate as a netty-pkitesting bundle, for its key and trust manager factories. */
    public X509Bundle bundle() {
        return bundle;
    }

    /**
     * Writes {@code baseName.crt} (the {@link #chain()} as PEM, leaf first) and {@code baseName.key}
     * (PKCS#8 PEM, created with mode 0600 where the file system is POSIX) into {@code dir}, replacing
     * files of those names.
     */
    public PemFiles writeTo(Path dir, String baseName) throws IOException {
        requireNonNull(dir, "dir");
        requireNonNull(baseName, "baseName");
        Path certificate = dir.resolve(baseName + ".crt");
        Path key = dir.resolve(baseName + ".key");
        Files.writeString(certificate, chainPem(), StandardCharsets.US_ASCII);
        Files.deleteIfExists(key);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(key,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(key, privateKeyPem(), StandardCharsets.US_ASCII);
        return new PemFiles(certificate, key);
    }

    @Override
    public String toString() {
        return "HeldCert[" + certificate().getSubjectX500Principal().getName() + ", serial "
                + certificate().getSerialNumber().toString(16) + "]";
    }
}
