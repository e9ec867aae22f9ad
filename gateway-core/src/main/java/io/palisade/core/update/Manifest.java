package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a vendor says about one channel of one product: the images a device on that channel
 * should run, in a numbered release that stops being valid at {@code expires}.
 *
 * <p>The version only ever goes up for a target (TUF's rollback protection): a gateway that has
 * accepted version 42 refuses 41, and refuses a different 42. The expiry is TUF's freeze
 * protection: an attacker who replays the last signed manifest forever cannot keep devices from
 * learning about a newer one past {@code expires}. {@link #encode()} gives the canonical body that
 * vendors sign (see {@link ManifestCodec} for the format).
 *
 * @param target  the product and channel
 * @param version the release number, at least 1
 * @param expires when the manifest stops being valid, whole seconds
 * @param images  the images, at least one, names unique, at most {@value #MAX_IMAGES}
 */
public record Manifest(ManifestTarget target, long version, Instant expires, List<ImageEntry> images) {

    /** Most images one manifest may name. */
    public static final int MAX_IMAGES = 256;

    public Manifest {
        requireNonNull(target, "target");
        requireNonNull(expires, "expires");
        images = List.copyOf(requireNonNull(images, "images"));
        if (version < 1) {
            throw new IllegalArgumentException("version: " + version + " (expected: >= 1)");
        }
        if (!expires.truncatedTo(ChronoUnit.SECONDS).equals(expires)) {
            throw new IllegalArgumentException("expires: " + expires + " (expected: whole seconds)");
        }
        if (images.isEmpty() || images.size() > MAX_IMAGES) {
            throw new IllegalArgumentException("images: " + images.size() + " (expected: 1.." + MAX_IMAGES + ")");
        }
        Set<String> names = new HashSet<>();
        for (ImageEntry image : images) {
            if (!names.add(image.name())) {
                throw new IllegalArgumentException("image name: " + image.name() + " twice (expected: unique names)");
            }
        }
    }

    /** The image whose bytes hash to {@code digest}, if this manifest names one. */
    public Optional<ImageEntry> image(ImageDigest digest) {
        requireNonNull(digest, "digest");
        return images.stream().filter(i -> i.digest().equals(digest)).findFirst();
    }

    /** The canonical body: the exact bytes a vendor signs (US-ASCII lines, each ending in LF). */
    public byte[] encode() {
        return ManifestCodec.body(this).getBytes(StandardCharsets.US_ASCII);
    }
}
