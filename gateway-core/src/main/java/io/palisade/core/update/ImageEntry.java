package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One image a manifest names: what the device calls it, the digest it must hash to, and its
 * exact size in bytes (a download that runs longer is cut off and refused).
 *
 * @param name   1-128 of letters, digits, {@code . _ -}, not starting with a dot; unique in a manifest
 * @param digest the SHA-256 of the image
 * @param size   the image's length in bytes, at least 0
 */
public record ImageEntry(String name, ImageDigest digest, long size) {

    /** Largest image a manifest may name: 64 GiB. */
    public static final long MAX_SIZE = 64L << 30;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    /** Whether {@code name} is a valid image name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public ImageEntry {
        requireNonNull(name, "name");
        requireNonNull(digest, "digest");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("image name: " + name
                    + " (expected: 1-128 letters, digits, . _ -, not starting with a dot)");
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("image size: " + size + " (expected: 0.." + MAX_SIZE + ")");
        }
    }
}
