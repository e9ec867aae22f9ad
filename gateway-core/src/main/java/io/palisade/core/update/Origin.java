package io.palisade.core.update;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where update images come from when the gateway's cache does not hold them: the vendor's
 * update server over HTTPS, or the embedded default, a local directory ({@link DirectoryOrigin}).
 * The {@link ImageCache} calls {@link #open} at most once at a time per digest, on its fetch
 * executor, and verifies every byte against the digest before anything is served or cached: an
 * origin need not be trusted.
 */
@FunctionalInterface
public interface Origin {

    /**
     * The bytes of the image with {@code digest}; the caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException or {@link java.io.FileNotFoundException} if the
     *     origin has no such image; any other {@link IOException} if it could not be reached
     */
    InputStream open(ImageDigest digest) throws IOException;
}
