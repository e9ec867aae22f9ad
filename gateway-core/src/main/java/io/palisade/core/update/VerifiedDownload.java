package io.palisade.core.update;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.palisade.core.update.ImageFetchException.Reason;

/**
 * One fetch from the origin into the cache: the bytes go to a {@code .part} file in the cache's
 * temporary directory while they are hashed, and the file is admitted (renamed into
 * {@code sha256/}) only if they hash to the digest asked for. Whatever happens, the partial file
 * is gone afterwards. An origin sending more than the cache holds is cut off.
 */
final class VerifiedDownload {

    private static final Logger log = LoggerFactory.getLogger(VerifiedDownload.class);
    private static final int BUFFER = 64 * 1024;

    private VerifiedDownload() {}

    /** Fetches {@code digest} from {@code origin} into {@code index}, or nothing if the bytes do not hash to it. */
    static void into(CacheIndex index, Path tmp, Origin origin, ImageDigest digest) throws ImageFetchException {
        Path part;
        try {
            part = Files.createTempFile(tmp, digest.hex() + ".", ".part");
        } catch (IOException e) {
            throw new ImageFetchException(Reason.STORE_FAILED, digest + ": " + e, e);
        }
        try {
            MessageDigest sha256 = ImageDigest.newSha256();
            long size = copy(index.maxBytes(), origin, digest, part, sha256);
            ImageDigest actual = ImageDigest.ofHash(sha256.digest());
            if (!actual.equals(digest)) {
                throw new ImageFetchException(Reason.DIGEST_MISMATCH, "origin sent " + size + " bytes hashing to " + actual
                        + " (expected: " + digest + ")");
            }
            index.admit(digest, part, size);
        } catch (IOException e) {
            throw new ImageFetchException(Reason.STORE_FAILED, digest + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                log.warn("image cache: could not delete {}: {}", part, e.toString());
            }
        }
    }

    /** Copies the origin's bytes to {@code part}, hashing them; stops once they exceed the cache. */
    private static long copy(long maxBytes, Origin origin, ImageDigest digest, Path part, MessageDigest sha256)
            throws ImageFetchException, IOException {
        long size = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
            try (InputStream in = origin.open(digest)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new ImageFetchException(Reason.TOO_LARGE, digest + ": more than " + maxBytes
                                + " bytes (expected: an image that fits in the cache)");
                    }
                    sha256.update(buffer, 0, n);
                    write(out, ByteBuffer.wrap(buffer, 0, n), digest);
                }
            } catch (NoSuchFileException | FileNotFoundException e) {
                throw new ImageFetchException(Reason.NOT_FOUND, digest + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ImageFetchException(Reason.ORIGIN_FAILED, digest + ": " + e, e);
            }
            out.force(true);
        }
        return size;
    }

    private static void write(FileChannel out, ByteBuffer chunk, ImageDigest digest) throws ImageFetchException {
        try {
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new ImageFetchException(Reason.STORE_FAILED, digest + ": " + e, e);
        }
    }
}
