package io.palisade.core.update;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name of an update image: the lowercase hex SHA-256 of its bytes. Images are
 * content-addressed — a device asks for {@code …/sha256/<hex>}, the cache stores
 * {@code sha256/<hex>}, and bytes are served only once they hash to this value — so a name can
 * never stand for other bytes. Manifests write it {@code sha256:<hex>}.
 */
public record ImageDigest(String hex) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");
    private static final String PREFIX = "sha256:";

    public ImageDigest {
        requireNonNull(hex, "hex");
        if (!FORM.matcher(hex).matches()) {
            throw new IllegalArgumentException("image digest: " + hex + " (expected: 64 lowercase hex characters)");
        }
    }

    /** Parses 64 lowercase hex characters, as in a request path {@code …/sha256/<hex>}. */
    public static ImageDigest parseHex(String hex) {
        return new ImageDigest(hex);
    }

    /** Parses {@code sha256:<64 lowercase hex>}, as written in manifests. */
    public static ImageDigest parse(String text) {
        requireNonNull(text, "text");
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("image digest: " + text + " (expected: sha256:<64 lowercase hex characters>)");
        }
        return new ImageDigest(text.substring(PREFIX.length()));
    }

    /** Whether {@code hex} is a well-formed digest (64 lowercase hex characters). */
    public static boolean isValidHex(String hex) {
        return hex != null && FORM.matcher(hex).matches();
    }

    /** The digest of {@code bytes}. */
    public static ImageDigest of(byte[] bytes) {
        requireNonNull(bytes, "bytes");
        return ofHash(newSha256().digest(bytes));
    }

    /** The digest whose 32 raw bytes are {@code sha256}. */
    public static ImageDigest ofHash(byte[] sha256) {
        requireNonNull(sha256, "sha256");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256: " + sha256.length + " bytes (expected: 32)");
        }
        return new ImageDigest(HexFormat.of().formatHex(sha256));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
