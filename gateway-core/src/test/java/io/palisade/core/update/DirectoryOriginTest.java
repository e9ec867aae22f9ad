package io.palisade.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded origin: a directory of images by digest, or by the name a manifest gives the digest. */
class DirectoryOriginTest {

    @TempDir
    Path dir;

    private final byte[] image = ImageCacheTest.bytes("image", 300);
    private final ImageDigest digest = ImageDigest.of(image);

    @Test
    void findsAnImageStoredUnderItsDigest() throws Exception {
        Files.createDirectories(dir.resolve("sha256"));
        Files.write(dir.resolve("sha256").resolve(digest.hex()), image);

        try (InputStream in = DirectoryOrigin.byDigest(dir).open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(image);
        }
    }

    @Test
    void findsAnImageStoredUnderTheNameItsManifestGives() throws Exception {
        Files.write(dir.resolve("firmware.bin"), image);

        try (InputStream in = DirectoryOrigin.of(dir, d -> Optional.of("firmware.bin")).open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(image);
        }
    }

    @Test
    void neverLeavesTheDirectoryAndSaysWhatIsMissing() throws Exception {
        Files.write(dir.resolveSibling("escape.bin"), image);

        assertThatThrownBy(() -> DirectoryOrigin.of(dir, d -> Optional.of("../escape.bin")).open(digest))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> DirectoryOrigin.byDigest(dir).open(digest))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(digest.toString());
    }

    @Test
    void theCacheVerifiesWhatTheDirectoryHolds() throws Exception {
        Files.write(dir.resolve(digest.hex()), ImageCacheTest.bytes("tampered", 300));
        ImageCache cache = ImageCache.open(dir.resolve("cache"), 1 << 20, DirectoryOrigin.byDigest(dir), Runnable::run);

        assertThat(cache.get(digest)).isCompletedExceptionally();
        Files.write(dir.resolve(digest.hex()), image);
        try (CachedImage img = cache.get(digest).join()) {
            assertThat(img.size()).isEqualTo(300);
        }
    }
}
