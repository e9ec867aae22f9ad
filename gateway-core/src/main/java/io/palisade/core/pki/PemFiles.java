package io.palisade.core.pki;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * PEM files on disk. Reads name the file in every error. Writes are atomic (a temporary file in
 * the same directory, flushed, then renamed over the target), so a reader sees the old file or
 * the new one, never half of one. Private keys are written mode {@code 0600}: the temporary file
 * is created with that mode before a byte of the key is written. Other files are {@code 0644}.
 */
public final class PemFiles {

    /** Files above this size are refused before they are read. */
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {}

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return Pem.certificates(read(file, "PEM certificate"), file.toString());
    }

    /** The first certificate of the file (the leaf, when the file holds a chain). */
    public static X509Certificate readCertificate(Path file) throws IOException {
        return readCertificates(file).get(0);
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return Pem.privateKey(read(file, "PEM private key"), file.toString());
    }

    public static X509CRL readCrl(Path file) throws IOException {
        return Pem.crl(read(file, "PEM CRL"), file.toString());
    }

    /** Every CRL of the file, in order; a CRL file may hold one per CA of a chain. */
    public static List<X509CRL> readCrls(Path file) throws IOException {
        return Pem.crls(read(file, "PEM CRL"), file.toString());
    }

    /** The DER of the PKCS#10 request in the file; {@link Csr#parse} judges it. */
    public static byte[] readCsr(Path file) throws IOException {
        return Pem.csr(read(file, "PEM PKCS#10 certificate request"), file.toString());
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        writeAtomically(file, Pem.encodeCertificates(certificates), PUBLIC);
    }

    /** Writes the key as PKCS#8 PEM, mode {@code 0600} from the first byte. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        writeAtomically(file, Pem.encodePrivateKey(key), PRIVATE);
    }

    public static void writeCrl(Path file, X509CRL crl) throws IOException {
        writeAtomically(file, Pem.encodeCrl(crl), PUBLIC);
    }

    public static void writeCsr(Path file, byte[] der) throws IOException {
        writeAtomically(file, Pem.encodeCsr(der), PUBLIC);
    }

    /**
     * Replaces {@code file} with {@code text} atomically; the new file has exactly {@code mode}.
     * Refuses a file system without POSIX permissions rather than write a key others could read.
     */
    static void writeAtomically(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
        requireNonNull(file, "file");
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            throw new PkiFileException(file + ": file system without POSIX permissions (expected: one that can make a file "
                    + PosixFilePermissions.toString(mode) + ")");
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(mode));
        try {
            Files.setPosixFilePermissions(tmp, mode); // the umask may have taken bits away from an 0644 file
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String read(Path file, String expected) throws IOException {
        requireNonNull(file, "file");
        try {
            if (Files.isDirectory(file)) {
                throw new PkiFileException(file + ": is a directory (expected: " + expected + ")");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new PkiFileException(file + ": " + Files.size(file) + " bytes (expected: " + expected
                        + " of at most " + MAX_FILE_BYTES + " bytes)");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new PkiFileException(file + ": no such file (expected: " + expected + ")", e);
        }
    }
}
