package io.palisade.config.gateway;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Writes PEM files made in memory for tests: an EC key, a self-signed certificate, a CRL. */
final class TestPem {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    final KeyPair keys;
    final X509Certificate certificate;

    private TestPem(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    static TestPem selfSigned(String commonName) throws GeneralSecurityException, IOException {
        return selfSigned(commonName, "EC");
    }

    /** A self-signed certificate with a fresh key of {@code algorithm}, EC (P-256) or RSA (2048 bits). */
    static TestPem selfSigned(String commonName, String algorithm) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("EC") ? 256 : 2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        try {
            ContentSigner signer = new JcaContentSignerBuilder(algorithm.equals("EC") ? "SHA256withECDSA"
                    : "SHA256withRSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(NOW),
                            Date.from(NOW.plus(Duration.ofDays(3650))), name, keys.getPublic()).build(signer));
            return new TestPem(keys, certificate);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    X509CRL crl() throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(NOW));
            builder.addCRLEntry(BigInteger.TEN, Date.from(NOW), 0);
            return new JcaX509CRLConverter().getCRL(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    Path writeCertificate(Path file) throws IOException {
        return write(file, certificate);
    }

    /** A fresh RSA key in the traditional form ({@code BEGIN RSA PRIVATE KEY}). */
    static Path writeRsaKey(Path file) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return write(file, generator.generateKeyPair());
    }

    /**
     * The key in the traditional form: {@code BEGIN RSA PRIVATE KEY}, or for a JDK EC key
     * {@code BEGIN EC PRIVATE KEY} without the curve, which no tool can use.
     */
    Path writeKey(Path file) throws IOException {
        return write(file, keys.getPrivate());
    }

    /** The key in PKCS#8 ({@code BEGIN PRIVATE KEY}); {@link #writeKey} writes the traditional EC form. */
    Path writePkcs8Key(Path file) throws IOException {
        return write(file, new JcaPKCS8Generator(keys.getPrivate(), null));
    }

    Path writeCrl(Path file) throws IOException, GeneralSecurityException {
        return write(file, crl());
    }

    Path writeEncryptedKey(Path file) throws IOException, GeneralSecurityException {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
            return write(file, new JcaPKCS8Generator(keys.getPrivate(), encryptor));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static Path write(Path file, Object object) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
        return file;
    }
}
