package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ManifestArchive} in a directory: {@code <dir>/<product>/<channel>.manifest}, each file
 * replaced atomically (written beside it, then renamed). Files whose names are not a valid
 * product and channel are skipped with a warning.
 */
public final class DirectoryManifestArchive implements ManifestArchive {

    private static final Logger log = LoggerFactory.getLogger(DirectoryManifestArchive.class);
    private static final String SUFFIX = ".manifest";

    private final Path dir;

    public DirectoryManifestArchive(Path dir) {
        this.dir = requireNonNull(dir, "dir");
    }

    @Override
    public Map<ManifestTarget, byte[]> load() throws IOException {
        Map<ManifestTarget, byte[]> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> products = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path product : products) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(product, "*" + SUFFIX)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        String channel = name.substring(0, name.length() - SUFFIX.length());
                        String p = product.getFileName().toString();
                        if (!ManifestTarget.isValid(p, channel) || Files.size(file) > ManifestCodec.MAX_BYTES) {
                            log.warn("manifest archive: skipping {} (expected: <product>/<channel>{} of at most {} bytes)",
                                    file, SUFFIX, ManifestCodec.MAX_BYTES);
                            continue;
                        }
                        out.put(new ManifestTarget(p, channel), Files.readAllBytes(file));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void save(ManifestTarget target, byte[] document) throws IOException {
        requireNonNull(target, "target");
        requireNonNull(document, "document");
        Path productDir = Files.createDirectories(dir.resolve(target.product()));
        Path file = productDir.resolve(target.channel() + SUFFIX);
        Path tmp = Files.createTempFile(productDir, ".", ".tmp");
        try {
            Files.write(tmp, document);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
