package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text (RFC 7468) to and from JCA objects: X.509 certificates and chains, unencrypted PKCS#8
 * private keys ({@code PRIVATE KEY}; the traditional OpenSSL forms SEC1 {@code EC PRIVATE KEY} and
 * PKCS#1 {@code RSA PRIVATE KEY} are read too), PKCS#10 requests and CRLs. Every decoder takes a
 * {@code source} (usually the file name) that its errors name. {@link PemFiles} reads and writes
 * files with these.
 */
public final class Pem {

    private Pem() {}

    /** Every {@code CERTIFICATE} block, in order (a chain is written leaf first); at least one. */
    public static List<X509Certificate> certificates(String pem, String source) throws PkiFileException {
        List<X509Certificate> certs = new ArrayList<>();
        for (PemObject block : blocks(pem, source, "PEM certificate")) {
            if (block.getType().equals("CERTIFICATE")) {
                try {
                    certs.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(block.getContent())));
                } catch (GeneralSecurityException | RuntimeException e) {
                    throw new PkiFileException(source + ": certificate " + (certs.size() + 1)
                            + " is malformed (" + e.getMessage() + ") (expected: DER X.509 certificate)", e);
                }
            }
        }
        if (certs.isEmpty()) {
            throw new PkiFileException(source + ": no CERTIFICATE block (expected: PEM certificate)");
        }
        return certs;
    }

    /**
     * The first {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} (SEC1) or {@code RSA PRIVATE KEY}
     * (PKCS#1) block. An encrypted key, PKCS#8 {@code ENCRYPTED PRIVATE KEY} or a traditional block
     * with the header {@code Proc-Type: 4,ENCRYPTED}, is refused with a message saying so.
     */
    public static PrivateKey privateKey(String pem, String source) throws PkiFileException {
        String expected = "(expected: unencrypted PEM private key, PKCS#8 PRIVATE KEY or SEC1 EC PRIVATE KEY)";
        for (PemObject block : blocks(pem, source, expected)) {
            if (block.getType().endsWith("PRIVATE KEY") && isEncrypted(block)) {
                throw new PkiFileException(source + ": the private key is encrypted " + expected);
            }
            try {
                switch (block.getType()) {
                    case "PRIVATE KEY":
                        return KeyAlgorithms.privateKey(PrivateKeyInfo.getInstance(block.getContent()));
                    case "EC PRIVATE KEY":
                        ECPrivateKey sec1 = ECPrivateKey.getInstance(block.getContent());
                        if (sec1.getParametersObject() == null) {
                            throw new PkiFileException(source + ": EC PRIVATE KEY names no curve " + expected);
                        }
                        return KeyAlgorithms.privateKey(new PrivateKeyInfo(new AlgorithmIdentifier(
                                X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()), sec1));
                    case "RSA PRIVATE KEY":
                        return KeyAlgorithms.privateKey(new PrivateKeyInfo(new AlgorithmIdentifier(
                                PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                                RSAPrivateKey.getInstance(block.getContent())));
                    default:
                        break;
                }
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                if (e instanceof PkiFileException p) {
                    throw p;
                }
                throw new PkiFileException(source + ": malformed " + block.getType() + " ("
                        + e.getMessage() + ") " + expected, e);
            }
        }
        throw new PkiFileException(source + ": no PRIVATE KEY block " + expected);
    }

    /** The first {@code X509 CRL} block. */
    public static X509CRL crl(String pem, String source) throws PkiFileException {
        byte[] der = firstBlock(pem, source, "X509 CRL", "PEM CRL");
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiFileException(source + ": malformed CRL (" + e.getMessage() + ") (expected: DER X.509 CRL)", e);
        }
    }

    /**
     * Every {@code X509 CRL} block, in order; at least one. A CRL file may hold several, for example
     * one per CA of a chain.
     */
    public static List<X509CRL> crls(String pem, String source) throws PkiFileException {
        List<X509CRL> crls = new ArrayList<>();
        for (PemObject block : blocks(pem, source, "PEM CRL")) {
            if (block.getType().equals("X509 CRL")) {
                crls.add(crl(block.getContent(), source, crls.size() + 1));
            }
        }
        if (crls.isEmpty()) {
            throw new PkiFileException(source + ": no X509 CRL block (expected: PEM CRL)");
        }
        return crls;
    }

    /** The first {@code PUBLIC KEY} block (a DER SubjectPublicKeyInfo, as {@code openssl pkey -pubout} writes). */
    public static PublicKey publicKey(String pem, String source) throws PkiFileException {
        byte[] der = firstBlock(pem, source, "PUBLIC KEY", "PEM SubjectPublicKeyInfo");
        try {
            return KeyAlgorithms.publicKey(SubjectPublicKeyInfo.getInstance(der));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new PkiFileException(source + ": malformed PUBLIC KEY (" + e.getMessage()
                    + ") (expected: DER SubjectPublicKeyInfo)", e);
        }
    }

    /** The DER of the first {@code CERTIFICATE REQUEST} block; {@link Csr#parse} judges it. */
    public static byte[] csr(String pem, String source) throws PkiFileException {
        return firstBlock(pem, source, "CERTIFICATE REQUEST", "PEM PKCS#10 certificate request");
    }

    /** {@code CERTIFICATE} blocks for {@code certificates}, in the order given. */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        requireNonNull(certificates, "certificates");
        List<PemObject> blocks = new ArrayList<>();
        for (X509Certificate cert : certificates) {
            try {
                blocks.add(new PemObject("CERTIFICATE", requireNonNull(cert, "certificate").getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate: " + cert.getSubjectX500Principal()
                        + " (expected: encodable)", e);
            }
        }
        return write(blocks);
    }

    /** One {@code PRIVATE KEY} block (PKCS#8, unencrypted). */
    public static String encodePrivateKey(PrivateKey key) {
        requireNonNull(key, "key");
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("key: format " + key.getFormat() + " (expected: PKCS#8, an exportable key)");
        }
        return write(List.of(new PemObject("PRIVATE KEY", key.getEncoded())));
    }

    /** One {@code X509 CRL} block. */
    public static String encodeCrl(X509CRL crl) {
        try {
            return write(List.of(new PemObject("X509 CRL", requireNonNull(crl, "crl").getEncoded())));
        } catch (CRLException e) {
            throw new IllegalArgumentException("crl: " + crl.getIssuerX500Principal() + " (expected: encodable)", e);
        }
    }

    /** One {@code CERTIFICATE REQUEST} block around the DER of a PKCS#10 request. */
    public static String encodeCsr(byte[] der) {
        return write(List.of(new PemObject("CERTIFICATE REQUEST", requireNonNull(der, "der"))));
    }

    private static byte[] firstBlock(String pem, String source, String type, String expected) throws PkiFileException {
        for (PemObject block : blocks(pem, source, expected)) {
            if (block.getType().equals(type) || ("CERTIFICATE REQUEST".equals(type)
                    && block.getType().equals("NEW CERTIFICATE REQUEST"))) {
                return block.getContent();
            }
        }
        throw new PkiFileException(source + ": no " + type + " block (expected: " + expected + ")");
    }

    private static X509CRL crl(byte[] der, String source, int index) throws PkiFileException {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiFileException(source + ": CRL " + index + " is malformed (" + e.getMessage()
                    + ") (expected: DER X.509 CRL)", e);
        }
    }

    /** PKCS#8 encryption has its own label; the traditional forms say so in an RFC 1421 header. */
    private static boolean isEncrypted(PemObject block) {
        if (block.getType().equals("ENCRYPTED PRIVATE KEY")) {
            return true;
        }
        for (Object header : block.getHeaders()) {
            if (header instanceof PemHeader h && h.getName().equalsIgnoreCase("Proc-Type")
                    && h.getValue().toUpperCase(Locale.ROOT).contains("ENCRYPTED")) {
                return true;
            }
        }
        return false;
    }

    private static List<PemObject> blocks(String pem, String source, String expected) throws PkiFileException {
        requireNonNull(pem, "pem");
        requireNonNull(source, "source");
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject block; (block = reader.readPemObject()) != null; ) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            String what = expected.startsWith("(") ? expected : "(expected: " + expected + ")";
            throw new PkiFileException(source + ": malformed PEM (" + e.getMessage() + ") " + what, e);
        }
        return blocks;
    }

    private static String write(List<PemObject> blocks) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (PemObject block : blocks) {
                writer.writeObject(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
