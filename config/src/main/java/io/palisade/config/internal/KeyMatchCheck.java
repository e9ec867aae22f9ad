package io.palisade.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Checks that a private key belongs to a certificate (the first one in its file) by signing a
 * probe with the key and verifying it with the certificate's public key: the most common
 * mistake after a renewal is a new certificate beside the old key. Both files must already have
 * passed {@link PemFileCheck}.
 */
public final class KeyMatchCheck {

    private static final byte[] PROBE = "palisade key match probe".getBytes(StandardCharsets.US_ASCII);

    private KeyMatchCheck() {
    }

    /** Why {@code key} is not the private key of {@code certificate}; empty when it is. */
    public static Optional<String> check(Path certificate, Path key) {
        try {
            PublicKey publicKey;
            try (InputStream in = Files.newInputStream(certificate)) {
                publicKey = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
            }
            PrivateKey privateKey = privateKey(key);
            if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
                return Optional.of("a " + privateKey.getAlgorithm() + " key, but the certificate holds a "
                        + publicKey.getAlgorithm() + " key");
            }
            String algorithm = signatureAlgorithm(privateKey.getAlgorithm());
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature) ? Optional.empty()
                    : Optional.of("not the private key of the certificate in " + certificate);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.of("cannot be matched with the certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path key) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(key, StandardCharsets.ISO_8859_1);
             PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        }
        throw new IOException("no private key in " + key);
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        switch (keyAlgorithm) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            default:
                return keyAlgorithm; // Ed25519, Ed448: the key algorithm names its signature
        }
    }
}
