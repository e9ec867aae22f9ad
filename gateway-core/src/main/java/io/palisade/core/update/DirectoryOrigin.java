package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The embedded default origin: a local directory of images, looked up by digest first
 * ({@code <dir>/sha256/<hex>}, then {@code <dir>/<hex>}), then by the name a manifest in force
 * gives the digest ({@code <dir>/<name>}, e.g. {@code firmware.bin}). Names are those of
 * {@link ImageEntry} (no separators), so a lookup never leaves the directory. Only regular files
 * are read.
 */
public final class DirectoryOrigin implements Origin {

    private final Path dir;
    private final Function<ImageDigest, Optional<String>> names;

    private DirectoryOrigin(Path dir, Function<ImageDigest, Optional<String>> names) {
        this.dir = requireNonNull(dir, "dir");
        this.names = requireNonNull(names, "names");
    }

    /** Images stored under their digests only. */
    public static DirectoryOrigin byDigest(Path dir) {
        return new DirectoryOrigin(dir, d -> Optional.empty());
    }

    /** Images stored under their digests, or under the names the manifests in {@code store} give them. */
    public static DirectoryOrigin of(Path dir, ManifestStore store) {
        requireNonNull(store, "store");
        return new DirectoryOrigin(dir, d -> store.anyImage(d).map(ImageEntry::name));
    }

    /** Images stored under their digests, or under the name {@code names} gives a digest. */
    public static DirectoryOrigin of(Path dir, Function<ImageDigest, Optional<String>> names) {
        return new DirectoryOrigin(dir, names);
    }

    @Override
    public InputStream open(ImageDigest digest) throws IOException {
        requireNonNull(digest, "digest");
        for (Path candidate : new Path[] {dir.resolve("sha256").resolve(digest.hex()), dir.resolve(digest.hex())}) {
            if (Files.isRegularFile(candidate)) {
                return Files.newInputStream(candidate);
            }
        }
        Optional<String> name = names.apply(digest).filter(ImageEntry::isValidName);
        if (name.isPresent() && Files.isRegularFile(dir.resolve(name.get()))) {
            return Files.newInputStream(dir.resolve(name.get()));
        }
        throw new NoSuchFileException(dir + ": no image " + digest + name.map(n -> " (named " + n + ")").orElse(""));
    }

    @Override
    public String toString() {
        return "directory " + dir;
    }
}
