package io.palisade.adapters.update;

import java.io.IOException;

import io.palisade.core.update.ManifestTarget;

/**
 * Where the gateway fetches the vendor's manifest documents: the update origin over HTTPS
 * ({@link HttpsOrigin}, {@code <base>/<product>/<channel>/manifest}) or, standalone, a local
 * directory laid out the same way ({@link DirectoryManifestSource}). What it returns is
 * untrusted: the {@link io.palisade.core.update.ManifestStore} verifies it before serving.
 */
@FunctionalInterface
public interface ManifestSource {

    /** Largest manifest document read (as {@code ManifestCodec} accepts). */
    int MAX_BYTES = 64 * 1024;

    /**
     * The manifest document of {@code target}, at most {@link #MAX_BYTES} bytes.
     *
     * @throws java.nio.file.NoSuchFileException if the source has no manifest for it; any other
     *     {@link IOException} if it could not be read
     */
    byte[] fetch(ManifestTarget target) throws IOException;

    /** Reads at most {@link #MAX_BYTES} from {@code in}, failing naming {@code what} if there are more. */
    static byte[] readBounded(java.io.InputStream in, String what) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException(what + ": more than " + MAX_BYTES + " bytes (expected: a manifest document)");
        }
        return bytes;
    }
}
