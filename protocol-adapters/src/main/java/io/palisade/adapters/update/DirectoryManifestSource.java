package io.palisade.adapters.update;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.palisade.core.update.ManifestTarget;

/**
 * The embedded default manifest source: {@code <dir>/<product>/<channel>/manifest}, the layout of
 * the HTTPS origin's paths, so that a directory served by any web server is an origin and a
 * standalone site needs no cloud. Product and channel names cannot leave the directory
 * ({@link ManifestTarget} allows no separators and no leading dot in a product).
 */
public final class DirectoryManifestSource implements ManifestSource {

    private final Path dir;

    public DirectoryManifestSource(Path dir) {
        this.dir = requireNonNull(dir, "dir");
    }

    /** Where the manifest of {@code target} is read from. */
    public Path pathOf(ManifestTarget target) {
        return dir.resolve(target.product()).resolve(target.channel()).resolve("manifest");
    }

    @Override
    public byte[] fetch(ManifestTarget target) throws IOException {
        Path file = pathOf(requireNonNull(target, "target"));
        if (target.channel().startsWith(".") || !Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": no manifest for " + target);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return ManifestSource.readBounded(in, file.toString());
        }
    }

    @Override
    public String toString() {
        return "directory " + dir;
    }
}
