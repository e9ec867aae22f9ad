package io.palisade.config.internal;

import io.palisade.core.pki.PemFiles;
import io.palisade.core.pki.PkiFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a file named in a configuration exists, is readable, and holds what it should: PEM
 * certificates, PEM CRLs or an unencrypted PEM private key, parsed by the gateway's own
 * {@link PemFiles} so that a file the check accepts is one the gateway can load. The answer is the
 * reason it does not, phrased to follow "expected: readable PEM certificate file; ".
 */
public final class PemFileCheck {

    /** What a file must hold. */
    public enum Kind {
        CERTIFICATES("readable PEM certificate file"),
        CRLS("readable PEM CRL file"),
        PRIVATE_KEY("readable unencrypted PEM private key file"),
        PUBLIC_KEY("readable PEM public key file"),
        ANY("readable file");

        private final String expected;

        Kind(String expected) {
            this.expected = expected;
        }

        /** How the requirement reads after "expected: ". */
        public String expected() {
            return expected;
        }
    }

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
            if (Files.size(file) > PemFiles.MAX_FILE_BYTES) {
                return Optional.of("larger than " + (PemFiles.MAX_FILE_BYTES >> 20) + " MiB");
            }
            switch (kind) {
                case CERTIFICATES -> PemFiles.readCertificates(file);
                case CRLS -> PemFiles.readCrls(file);
                case PRIVATE_KEY -> PemFiles.readPrivateKey(file);
                case PUBLIC_KEY -> io.palisade.core.pki.Pem.publicKey(Files.readString(file, StandardCharsets.US_ASCII),
                        file.toString());
                case ANY -> Files.readAllBytes(file);
            }
            return Optional.empty();
        } catch (PkiFileException e) {
            return Optional.of(reason(e, file));
        } catch (IOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }

    /**
     * The core's message, {@code <file>: <reason> (expected: <what>)}, without the file (the
     * caller names it) and the expectation (the caller states its own, see {@link Kind#expected}).
     * When the file holds no block of the wanted kind, the reason names the block it holds instead.
     */
    static String reason(PkiFileException e, Path file) {
        String message = e.getMessage();
        String prefix = file + ": ";
        String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        int expected = reason.lastIndexOf(" (expected: ");
        if (expected > 0 && reason.endsWith(")")) {
            reason = reason.substring(0, expected);
        }
        return reason.startsWith("no ") && reason.endsWith(" block") ? reason + foundLabel(file) : reason;
    }

    private static String foundLabel(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher m = PEM_LABEL.matcher(line);
                if (m.find()) {
                    return " (found " + m.group(1) + ")";
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
