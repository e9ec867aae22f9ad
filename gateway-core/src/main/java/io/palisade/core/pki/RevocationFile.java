package io.palisade.core.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The local CA's revocation record, so that revocations outlive the process: one line per revoked
 * certificate, {@code <serial hex> <reason> <epoch seconds>} (reason as in {@link CRLReason}, for
 * example {@code 3f0a...c1 KEY_COMPROMISE 1767225600}). Lines starting with {@code #} are comments.
 */
final class RevocationFile {

    private static final String HEADER = "# Palisade local CA revocations: <serial hex> <reason> <epoch seconds>\n";
    private static final String EXPECTED = "(expected: <serial hex> <reason> <epoch seconds>)";

    private RevocationFile() {}

    static List<Revocation> read(Path file) throws IOException {
        List<String> lines = List.of(PemFiles.read(file, "revocation record").split("\n", -1));
        List<Revocation> revocations = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException(fields.length + " fields");
                }
                revocations.add(new Revocation(new BigInteger(fields[0], 16), CRLReason.valueOf(fields[1]),
                        Instant.ofEpochSecond(Long.parseLong(fields[2]))));
            } catch (RuntimeException e) {
                throw new PkiFileException(file + ":" + (i + 1) + ": \"" + line + "\" " + EXPECTED, e);
            }
        }
        return revocations;
    }

    static void write(Path file, Collection<Revocation> revocations) throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        for (Revocation r : revocations) {
            text.append(r.serial().toString(16)).append(' ').append(r.reason().name()).append(' ')
                    .append(r.revokedAt().getEpochSecond()).append('\n');
        }
        PemFiles.writeAtomically(file, text.toString(), PemFiles.PUBLIC);
    }
}
