package io.palisade.config.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Checks that a file named in a configuration exists, is readable, and holds what it should:
 * PEM certificates or CRLs (parsed by the JDK's {@link CertificateFactory}) or an unencrypted PEM
 * private key (parsed by BouncyCastle's {@link PEMParser}). The answer is the reason it does not,
 * phrased to follow "expected: readable PEM certificate file; ".
 */
public final class PemFileCheck {

    /** What a file must hold. */
    public enum Kind {
        CERTIFICATES("readable PEM certificate file", "CERTIFICATE", "certificate"),
        CRLS("readable PEM CRL file", "X509 CRL", "CRL"),
        PRIVATE_KEY("readable PEM private key file", "PRIVATE KEY", "private key"),
        ANY("readable file", "", "");

        private final String expected;
        private final String pemLabel;
        private final String noun;

        Kind(String expected, String pemLabel, String noun) {
            this.expected = expected;
            this.pemLabel = pemLabel;
            this.noun = noun;
        }

        /** How the requirement reads after "expected: ". */
        public String expected() {
            return expected;
        }
    }

    private static final long MAX_BYTES = 16L << 20;
    private static final Pattern PEM_LABEL = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    private PemFileCheck() {
    }

    /** Why {@code file} does not hold what {@code kind} requires; empty when it does. */
    public static Optional<String> check(Path file, Kind kind) {
        if (!Files.exists(file)) {
            return Optional.of("no such file");
        }
        if (Files.isDirectory(file)) {
            return Optional.of("is a directory");
        }
        if (!Files.isReadable(file)) {
            return Optional.of("permission denied");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                return Optional.of("larger than 16 MiB");
            }
            byte[] bytes = Files.readAllBytes(file);
            if (kind == Kind.ANY) {
                return Optional.empty();
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (!text.contains("-----BEGIN " + kind.pemLabel + "-----") && !(kind == Kind.PRIVATE_KEY && hasKeyLabel(text))) {
                return Optional.of("no PEM " + kind.noun + " in it" + foundLabel(text));
            }
            return parse(bytes, text, kind);
        } catch (IOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }

    private static Optional<String> parse(byte[] bytes, String text, Kind kind) throws IOException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            if (kind == Kind.CERTIFICATES) {
                factory.generateCertificates(new ByteArrayInputStream(bytes));
                return Optional.empty();
            }
            if (kind == Kind.CRLS) {
                factory.generateCRLs(new ByteArrayInputStream(bytes));
                return Optional.empty();
            }
            return privateKey(text);
        } catch (GeneralSecurityException | RuntimeException | PEMException e) {
            return Optional.of("not a valid " + kind.noun + ": " + e.getMessage());
        }
    }

    private static Optional<String> privateKey(String text) throws PEMException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    converter.getPrivateKey(pair.getPrivateKeyInfo());
                    return Optional.empty();
                }
                if (object instanceof PrivateKeyInfo info) {
                    converter.getPrivateKey(info);
                    return Optional.empty();
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    return Optional.of("the key is encrypted; an unencrypted key is needed");
                }
            }
        } catch (IOException e) {
            return Optional.of("not a valid private key: " + e.getMessage());
        }
        return Optional.of("no PEM private key in it");
    }

    private static boolean hasKeyLabel(String text) {
        Matcher m = PEM_LABEL.matcher(text);
        while (m.find()) {
            if (m.group(1).endsWith("PRIVATE KEY")) {
                return true;
            }
        }
        return false;
    }

    private static String foundLabel(String text) {
        Matcher m = PEM_LABEL.matcher(text);
        return m.find() ? " (found " + m.group(1) + ")" : "";
    }
}
